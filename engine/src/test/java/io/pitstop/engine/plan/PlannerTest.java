package io.pitstop.engine.plan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pitstop.engine.spec.StepSpec;
import io.pitstop.engine.step.Location;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerTest {

    private static StepSpec step(String id, String... needs) {
        return new StepSpec(id, "k", List.of(needs), JsonNodeFactory.instance.objectNode(), "",
                Location.startOf(Path.of("p.yaml")));
    }

    @Test
    void readyStepsRunInDeclarationOrder() {
        var plan = Planner.plan(List.of(step("d", "b", "c"), step("b", "a"), step("c"), step("a")));
        // c and a are both ready first; c is declared before a.
        assertEquals(List.of("c", "a", "b", "d"), plan.order());
    }

    @Test
    void orderIsStableAcrossRuns() {
        var steps = List.of(step("x"), step("y", "x"), step("z", "x"), step("w", "z", "y"));
        assertEquals(List.of("x", "y", "z", "w"), Planner.plan(steps).order());
        for (int i = 0; i < 5; i++) assertEquals(Planner.plan(steps).order(), Planner.plan(steps).order());
    }

    @Test
    void ancestorsAreNearestFirst() {
        var plan = Planner.plan(List.of(step("a"), step("b", "a"), step("c", "b"), step("d", "c", "a")));
        assertEquals(List.of("c", "a", "b"), plan.ancestors().get("d"));
        assertEquals(List.of(), plan.ancestors().get("a"));
        assertEquals(List.of("b", "c", "d"), plan.downstreamOf("b"));
    }

    @Test
    void cyclesAreFoundOnceAndStartAtTheEarliestDeclaredStep() {
        var steps = List.of(step("a", "c"), step("b", "a"), step("c", "b"), step("d", "d"), step("e", "a"));
        assertEquals(List.of(List.of("a", "c", "b", "a"), List.of("d", "d")), Planner.cycles(steps));
        var e = assertThrows(IllegalArgumentException.class, () -> Planner.plan(steps));
        assertTrue(e.getMessage().startsWith("cycle: a -> c -> b -> a"), e.getMessage());
    }

    @Test
    void noCyclesInADiamond() {
        assertEquals(List.of(), Planner.cycles(List.of(step("a"), step("b", "a"), step("c", "a"), step("d", "b", "c"))));
    }
}
