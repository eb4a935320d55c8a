package io.pitstop.app;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.dags.DagExporter;
import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.StepCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The committed dags/ must be what {@code ./pitstop dags export} writes for pipelines/ today: a step
 * added, a need changed or a schedule edited without a re-export fails CI here.
 */
class DagFilesTest {

    @Test
    void everyPipelineHasItsCurrentDagSpecInDags() throws Exception {
        var profile = ProfileLoader.load(DemoProject.REPO, "local");
        var loader = new PipelineLoader(StepCatalog.fromServiceLoader());
        try (Stream<Path> files = Files.list(DemoProject.REPO.resolve("pipelines"))) {
            var pipelines = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertFalse(pipelines.isEmpty());
            for (Path file : pipelines) {
                var checked = loader.load(file, DemoProject.REPO);
                Path dag = DagExporter.file(DemoProject.REPO.resolve("dags"), checked.spec().name());
                String expected = DagExporter.json(DagExporter.spec(checked,
                        DemoProject.REPO.relativize(file).toString(), profile));
                assertEquals(expected, Files.exists(dag) ? Files.readString(dag) : "(missing)",
                        DemoProject.REPO.relativize(dag) + " is stale: run ./pitstop dags export");
            }
        }
    }
}
