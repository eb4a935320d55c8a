package io.pitstop.engine.spec;

import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepDeclaration;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.ValidationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A step's {@code validate} sees what its ancestors declared, and only theirs: the engine passes
 * declarations along {@code needs} without knowing any step kind.
 */
class UpstreamDeclarationsTest {

    /** Declares the task it is given. */
    public static final class Declare implements Step<Declare.Params> {
        public record Params(String task) {
        }

        public String kind() { return "test.declare"; }
        public String description() { return "declares a task"; }
        public Class<Params> paramsType() { return Params.class; }
        public Set<String> produces(Params p) { return Set.of("model"); }
        public StepDeclaration declares(Params p, ValidationContext ctx) { return StepDeclaration.ofTask(p.task()); }
        public StepResult run(Params p, StepContext ctx) { return StepResult.succeeded().output("model", "m").build(); }
    }

    /** Says which task it sees upstream, as a problem at its own parameter. */
    public static final class Report implements Step<Report.Params> {
        public record Params(String note) {
        }

        public String kind() { return "test.report"; }
        public String description() { return "reports the task upstream"; }
        public Class<Params> paramsType() { return Params.class; }
        public Set<String> produces(Params p) { return Set.of(); }

        public List<Problem> validate(Params p, ValidationContext ctx) {
            return List.of(ctx.problemAt("/note", "sees task " + ctx.upstreamTask().orElse("none")
                    + " and " + ctx.upstreamContracts().size() + " contracts"));
        }

        public StepResult run(Params p, StepContext ctx) { return StepResult.succeeded().build(); }
    }

    @TempDir
    Path dir;

    @Test
    void aStepSeesWhatItsAncestorsDeclaredAndNothingFromItsNeighbours() throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                pipeline: p
                model: { name: m }
                steps:
                  - id: train
                    uses: test.declare
                    with: { task: regression }
                  - id: direct
                    uses: test.report
                    needs: [train]
                    with: { note: a }
                  - id: further
                    uses: test.report
                    needs: [direct]
                    with: { note: b }
                  - id: beside
                    uses: test.report
                    with: { note: c }
                """);
        var e = assertThrows(SpecException.class,
                () -> new PipelineLoader(StepCatalog.of(new Declare(), new Report())).load(file, dir));
        assertEquals(List.of(
                        "10:19: step 'direct': sees task regression and 0 contracts",
                        "14:19: step 'further': sees task regression and 0 contracts",
                        "17:19: step 'beside': sees task none and 0 contracts"),
                e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList());
    }
}
