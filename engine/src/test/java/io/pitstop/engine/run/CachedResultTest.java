package io.pitstop.engine.run;

import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a cached step records is its own account of the present ({@link Step#cachedResult}), not the earlier run's words. */
class CachedResultTest {

    /** Publishes to a file outside the artifact directory, as a scoring step appends to a table. */
    public static final class PublishStep implements Step<PublishStep.Params> {
        public record Params() {
        }

        public String kind() { return "test.publish"; }
        public String description() { return "appends to published.txt"; }
        public Class<Params> paramsType() { return Params.class; }
        public Set<String> produces(Params p) { return Set.of("lines"); }

        public StepResult run(Params p, StepContext ctx) throws Exception {
            Path published = ctx.resolve("published.txt");
            Files.writeString(published, "x\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return StepResult.succeeded().output("lines", Long.toString(Files.readAllLines(published).size())).build();
        }

        public StepResult cachedResult(Params p, Map<String, String> outputs, StepContext ctx) throws Exception {
            if (Files.exists(ctx.resolve("WITHDRAWN"))) return StepResult.stopped("the publication was withdrawn").build();
            String now = Long.toString(Files.readAllLines(ctx.resolve("published.txt")).size());
            return StepResult.succeeded().output("lines", now).message("published.txt has " + now + " lines").build();
        }
    }

    static final String PIPELINE = """
            pipeline: p
            model: { name: m }
            steps:
              - id: publish
                uses: test.publish
            """;

    static StepRecord run(RunnerProject project, RunStatus expected) throws Exception {
        var outcome = project.run(PIPELINE, new PublishStep());
        assertEquals(expected, outcome.status(), outcome.message());
        return project.store().steps(outcome.runId()).get(0);
    }

    @Test
    void aCachedStepRecordsTheStateNowAndStopsWhenItsEarlierResultNoLongerStands(@TempDir Path dir) throws Exception {
        try (var project = RunnerProject.open(dir)) {
            var first = run(project, RunStatus.SUCCEEDED);
            assertEquals("1", first.outputs().get("lines"));
            Files.writeString(dir.resolve("published.txt"), "x\nx\nx\n"); // someone else appended since

            var cached = run(project, RunStatus.SUCCEEDED);
            assertEquals(StepStatus.CACHED, cached.status());
            assertEquals(Map.of("lines", "3"), cached.outputs(), "the present, not run " + first.runId() + "'s count");
            assertEquals("inputs unchanged since run " + first.runId() + "; published.txt has 3 lines", cached.message());

            Files.writeString(dir.resolve("WITHDRAWN"), "");
            var stopped = run(project, RunStatus.STOPPED);
            assertEquals(StepStatus.STOPPED, stopped.status());
            assertTrue(stopped.message().endsWith("the publication was withdrawn"), stopped.message());
            assertEquals(first.runId(), stopped.cachedFromRun());
        }
    }
}
