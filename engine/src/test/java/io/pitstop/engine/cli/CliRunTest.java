package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pitstop run}, then {@code runs list} and {@code runs show} of what it recorded. */
class CliRunTest {

    private static final Pattern RUN_LINE = Pattern.compile("(?m)^run (\\S+)  pipeline p ");

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
    }

    /** Runs the pipeline and returns the run id the run printed on its first line. */
    String run(boolean stop, int expectedExit) throws Exception {
        CliResult r = project.cli("run", project.pipeline(stop));
        assertEquals(expectedExit, r.exitCode(), r.transcript());
        Matcher m = RUN_LINE.matcher(r.out());
        assertTrue(m.find(), "the run names its id: " + r.transcript());
        return m.group(1);
    }

    @Test
    void aRunSucceedsAndIsListedWithItsStatus() throws Exception {
        String runId = run(false, RunOutcome.EXIT_OK);
        CliResult list = project.cli("runs", "list");
        assertEquals(RunOutcome.EXIT_OK, list.exitCode(), list.transcript());
        String row = list.out().lines().filter(l -> l.startsWith(runId)).findFirst().orElse("");
        assertTrue(row.contains("SUCCEEDED") && row.contains("3 succeeded"), list.transcript());
    }

    @Test
    void runsShowPrintsEveryStepWithStatusDurationParamsInputsOutputsAndMetrics() throws Exception {
        String runId = run(false, RunOutcome.EXIT_OK);
        CliResult show = project.cli("runs", "show", runId);
        assertEquals(RunOutcome.EXIT_OK, show.exitCode(), show.transcript());
        String out = show.out();
        assertTrue(out.contains("status    SUCCEEDED"), out);
        for (String step : List.of("first", "second", "check")) {
            String line = out.lines().filter(l -> l.strip().startsWith(step + " ")).findFirst().orElse("");
            assertTrue(line.contains("SUCCEEDED") && line.matches(".*\\d+(\\.\\d)?(ms|s)\\s*$"),
                    "step line with status and duration: '" + line + "'\n" + out);
        }
        String second = section(out, "second");
        assertTrue(second.contains("text = -b"), "params as key = value: " + second);
        assertTrue(second.contains("upstream.first = "), "inputs: " + second);
        assertTrue(second.contains("file = " + dir.toAbsolutePath().normalize()), "outputs: " + second);
        assertTrue(second.contains("length = 3"), "metrics: " + second);
        assertTrue(section(out, "check").contains("checked = a-b"), out);
    }

    /** The lines from a step's header line up to the next step's header. */
    private static String section(String out, String stepId) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : out.lines().toList()) {
            boolean header = line.startsWith("  ") && !line.startsWith("   ");
            if (header) in = line.strip().startsWith(stepId + " ");
            if (in) lines.add(line);
        }
        assertFalse(lines.isEmpty(), "no section for step " + stepId + " in:\n" + out);
        return String.join("\n", lines);
    }

    @Test
    void runsShowJsonIsTheFullRecord() throws Exception {
        String runId = run(false, RunOutcome.EXIT_OK);
        CliResult show = project.cli("runs", "show", runId, "--json");
        assertEquals(RunOutcome.EXIT_OK, show.exitCode(), show.transcript());
        JsonNode root = Json.MAPPER.readTree(show.out());
        assertEquals(1, root.path("format_version").asInt(), show.out());
        assertEquals(runId, root.path("run_id").asText());
        assertTrue(root.path("git_dirty").isBoolean(), show.out());
        assertTrue(root.path("environment").path("cpus").isIntegralNumber(), "cpus is a number: " + show.out());
        assertTrue(root.path("environment").path("java").path("version").isTextual(), show.out());
        assertEquals("SUCCEEDED", root.path("status").asText());
        JsonNode steps = root.path("steps");
        assertEquals(3, steps.size(), show.out());
        for (JsonNode step : steps) {
            assertEquals("SUCCEEDED", step.path("status").asText(), step.toString());
            assertTrue(step.path("outputs").isObject() && step.path("outputs").size() > 0, step.toString());
            assertTrue(step.path("metrics").isObject() && step.path("metrics").size() > 0, step.toString());
            assertTrue(step.path("params").isObject(), step.toString());
            assertTrue(step.path("inputs").has("code"), step.toString());
            assertTrue(step.path("inputs").path("params").isObject(), "params nested, not JSON text: " + step);
            assertEquals("m", step.path("inputs").path("model").path("name").asText(), step.toString());
            assertTrue(step.path("inputs").path("seed").isIntegralNumber(), step.toString());
            assertTrue(step.path("duration_millis").isIntegralNumber(), step.toString());
        }
        assertEquals("-b", steps.get(1).path("params").path("text").asText());
        assertEquals("-b", steps.get(1).path("inputs").path("params").path("text").asText());
        assertTrue(steps.get(1).path("inputs").path("upstream").path("first").isTextual(), steps.get(1).toString());
        assertEquals(3.0, steps.get(1).path("metrics").path("length").asDouble());
    }

    @Test
    void aStoppedRunExitsWithThree() throws Exception {
        String runId = run(true, RunOutcome.EXIT_STOPPED);
        CliResult list = project.cli("runs", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(runId) && l.contains("STOPPED")), list.transcript());
    }

    @Test
    void aBrokenPipelineIsRefusedWithItsLineAndColumnAndNothingRuns() throws Exception {
        String broken = project.pipeline("broken.yaml", TestProject.PIPELINE.formatted(false).replace("needs: [first]", "needs: [frist]"));
        CliResult r = project.cli("run", broken);
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().matches("(?s).*broken\\.yaml:\\d+:\\d+: step 'second': needs 'frist'.*"), r.transcript());
        assertFalse(Files.exists(dir.resolve(".pitstop/pitstop.db")), "nothing was recorded");
    }

    @Test
    void aMissingPipelineFileIsInvalidAndNothingRuns() {
        CliResult r = project.cli("run", "pipelines/absent.yaml");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().startsWith("pitstop: no pipeline file ") && r.err().contains("absent.yaml"), r.transcript());
        assertFalse(Files.exists(dir.resolve(".pitstop")), "nothing was recorded");
    }

    @Test
    void aBrokenPipelineIsInvalidAndNothingRuns() throws Exception {
        CliResult r = project.cli("run", project.pipeline("broken.yaml", "pipeline: p\nsteps: []\n"));
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().lines().allMatch(l -> CliCheckTest.PROBLEM_LINE.matcher(l).matches()), r.transcript());
        assertEquals("no runs yet: start one with ./pitstop run pipelines/<name>.yaml",
                project.cli("runs", "list").out().strip());
    }

    @Test
    void showingAnUnknownRunIsInvalid() {
        CliResult r = project.cli("runs", "show", "no-such-run");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("no run 'no-such-run'"), r.transcript());
    }
}
