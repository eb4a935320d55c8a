package io.pitstop.engine.spec;

import io.pitstop.engine.step.Location;
import io.pitstop.engine.yaml.YamlReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepCatalogTest {

    @Test
    void kindsAreSortedAndFoundByName() {
        StepCatalog catalog = TestSteps.catalog();
        assertEquals(List.of("data.source", "evaluate.classifier", "release.package", "train.network"),
                List.copyOf(catalog.kinds()));
        assertTrue(catalog.find("train.network").isPresent());
        assertTrue(catalog.find("train").isEmpty());
    }

    @Test
    void aKindRegisteredTwiceIsAPackagingBug() {
        var e = assertThrows(IllegalStateException.class,
                () -> StepCatalog.of(new TestSteps.Source(), new TestSteps.Source()));
        assertTrue(e.getMessage().contains("'data.source' is registered twice"), e.getMessage());
    }

    @Test
    void serviceLoaderCatalogLoadsWithoutError() {
        // The engine registers no kinds itself; the steps module does.
        assertTrue(StepCatalog.fromServiceLoader().find("data.source").isEmpty());
    }

    @Test
    void validationProblemsFallBackToTheNearestEnclosingNode() {
        var doc = YamlReader.parse(Path.of("p.yaml"), "steps:\n  - id: a\n    with:\n      contract: x.yaml\n");
        var ctx = new StepValidationContext(Path.of("."), "a", doc, "/steps/0/with", Location.startOf(Path.of("p.yaml")));
        assertEquals("p.yaml:4:17: step 'a': no such file", ctx.problemAt("/contract", "no such file").toString());
        assertEquals("p.yaml:4:7: step 'a': bad", ctx.problemAt("/network/layers/1", "bad").toString());
        var noWith = new StepValidationContext(Path.of("."), "a", doc, "/steps/9/with", new Location(Path.of("p.yaml"), 2, 5));
        assertEquals("p.yaml:2:5: step 'a': bad", noWith.problemAt("/x", "bad").toString());
    }
}
