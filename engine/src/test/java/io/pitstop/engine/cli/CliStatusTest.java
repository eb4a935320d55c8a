package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pitstop status}: per step, would it run and why, as text and as JSON; the lock file a run leaves. */
class CliStatusTest {

    @Test
    void statusBeforeAndAfterARunAndAfterAParamChange(@TempDir Path dir) throws Exception {
        var project = TestProject.create(dir);
        String pipeline = project.pipeline(false);
        CliResult before = project.cli("status", pipeline);
        assertEquals(RunOutcome.EXIT_OK, before.exitCode(), before.transcript());
        assertTrue(before.out().contains("compared with the run store (no pipelines/p.lock yet)"), before.transcript());
        assertTrue(before.out().matches("(?s).*  first\\s+would run: never run\n.*"), before.transcript());
        assertTrue(before.out().contains("3 of 3 steps would run"), before.transcript());

        assertEquals(RunOutcome.EXIT_OK, project.cli("run", pipeline).exitCode());
        assertTrue(Files.isRegularFile(dir.resolve("pipelines/p.lock")), "the run wrote its lock file");
        CliResult after = project.cli("status", pipeline);
        assertTrue(after.out().contains("compared with pipelines/p.lock"), after.transcript());
        assertTrue(after.out().matches("(?s).*  second\\s+up to date\n.*"), after.transcript());
        assertTrue(after.out().contains("nothing would run"), after.transcript());

        project.pipeline("p.yaml", TestProject.PIPELINE.formatted(false).replace("\"-b\"", "\"-c\""));
        CliResult json = project.cli("status", pipeline, "--json");
        assertEquals(RunOutcome.EXIT_OK, json.exitCode(), json.transcript());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals(1, doc.path("format_version").asInt());
        assertEquals("lock_file", doc.path("compared_with").asText());
        assertEquals("pipelines/p.lock", doc.path("lock_file").asText());
        assertEquals(2, doc.path("would_run").asInt());
        JsonNode first = doc.path("steps").get(0);
        assertEquals("up_to_date", first.path("verdict").asText());
        assertFalse(first.path("would_run").asBoolean());
        JsonNode second = doc.path("steps").get(1);
        assertEquals("second", second.path("step").asText());
        assertTrue(second.path("would_run").isBoolean() && second.path("would_run").asBoolean());
        JsonNode param = second.path("reasons").get(0);
        assertEquals("params_changed", param.path("cause").asText());
        assertEquals("text", param.path("name").asText(), "which param changed");
        assertEquals("-b", param.path("before").asText());
        assertEquals("-c", param.path("now").asText());
        assertEquals("param text: -b -> -c", param.path("text").asText());
        assertEquals("upstream_will_run", doc.path("steps").get(2).path("reasons").get(0).path("cause").asText());

        // Run with "-c", then go back to "-b": the first run's results serve again, and status says so.
        assertEquals(RunOutcome.EXIT_OK, project.cli("run", pipeline).exitCode());
        project.pipeline(false);
        CliResult back = project.cli("status", pipeline);
        assertTrue(back.out().matches("(?s).*  second\\s+cached: run r\\S+ had these inputs \\(changed since pipelines/p.lock:"
                + " param text: -c -> -b\\).*"), back.transcript());
        assertTrue(back.out().contains("nothing would run"), back.transcript());
    }

    @Test
    void anInvalidPipelineIsRefusedWithExitTwo(@TempDir Path dir) throws Exception {
        var project = TestProject.create(dir);
        String pipeline = project.pipeline("bad.yaml", "pipeline: p\nsteps:\n  - id: x\n    uses: no.such.kind\n");
        assertEquals(RunOutcome.EXIT_INVALID, project.cli("status", pipeline).exitCode());
    }
}
