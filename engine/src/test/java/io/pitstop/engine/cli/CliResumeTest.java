package io.pitstop.engine.cli;

import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pitstop resume}: a failed run continues once its cause is fixed; nonsense is refused with exit 2. */
class CliResumeTest {

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
    }

    /** Runs the pipeline with the FAIL marker present; returns the id the failure message says to resume. */
    String failedRun() throws Exception {
        project.failMarker(true);
        CliResult r = project.cli("run", project.pipeline(false));
        assertEquals(RunOutcome.EXIT_FAILED, r.exitCode(), r.transcript());
        Matcher m = Pattern.compile("\\./pitstop resume (\\S+)").matcher(r.out());
        assertTrue(m.find(), "a failed run prints how to resume it: " + r.transcript());
        return m.group(1);
    }

    @Test
    void aFailedRunResumesOnceItsCauseIsRemoved() throws Exception {
        String runId = failedRun();
        project.failMarker(false);
        CliResult resumed = project.cli("resume", runId);
        assertEquals(RunOutcome.EXIT_OK, resumed.exitCode(), resumed.transcript());
        assertTrue(resumed.out().contains("run " + runId + " succeeded"), resumed.transcript());

        CliResult list = project.cli("runs", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(runId) && l.contains("SUCCEEDED")), list.transcript());
    }

    @Test
    void resumingAnUnknownRunIsInvalidAndSaysSo() {
        CliResult r = project.cli("resume", "no-such-run");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().startsWith("pitstop: no run 'no-such-run'"), r.transcript());
        assertTrue(r.err().contains("pitstop runs list"), "points at where run ids are: " + r.transcript());
    }

    @Test
    void resumingASucceededRunIsInvalid() throws Exception {
        String runId = failedRun();
        project.failMarker(false);
        assertEquals(RunOutcome.EXIT_OK, project.cli("resume", runId).exitCode());
        CliResult again = project.cli("resume", runId);
        assertEquals(RunOutcome.EXIT_INVALID, again.exitCode(), again.transcript());
        assertTrue(again.err().contains("succeeded; there is nothing to resume"), again.transcript());
    }

    @Test
    void resumingARunWhosePipelineFileIsGoneIsInvalidAndNamesTheFile() throws Exception {
        String runId = failedRun();
        java.nio.file.Files.delete(dir.resolve("pipelines/p.yaml"));
        CliResult r = project.cli("resume", runId);
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().startsWith("pitstop: no pipeline file " + dir.resolve("pipelines/p.yaml")), r.transcript());
    }
}
