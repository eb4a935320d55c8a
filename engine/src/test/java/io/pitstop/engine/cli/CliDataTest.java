package io.pitstop.engine.cli;

import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pitstop data versions} over a run store holding versions recorded the way the data steps record them. */
class CliDataTest {

    static final Instant T0 = Instant.parse("2026-11-20T01:00:00Z");
    static final String MD5_1 = "11111111111111111111111111111111";
    static final String MD5_2 = "22222222222222222222222222222222";

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
    }

    /** A run with one data step whose data_version output is a data-version.json like the steps write. */
    private void record(String runId, String kind, StepStatus status, Instant ended, String path, String md5,
                        String commit, String remote) throws Exception {
        Path json = Files.createDirectories(dir.resolve(".pitstop/runs/" + runId + "/version")).resolve("data-version.json");
        var doc = Json.MAPPER.createObjectNode().put("format", 1).put("path", path).put("md5", md5)
                .put("size", 42).put("dvc_file", path + ".dvc").put("git_commit", commit).put("git_dirty", false);
        doc.put("remote", remote);
        Files.writeString(json, doc.toString());
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve(".pitstop/pitstop.db"))) {
            store.createRun(new RunRecord(runId, "p", "pipelines/p.yaml", "sha", null, "c0ffee", false, "local",
                    RunStatus.SUCCEEDED, ended.minusSeconds(5), ended, null, null));
            store.saveStep(new StepRecord(runId, "version", kind, status, "fp-" + runId, null, Map.of(),
                    Map.of("dataset", dir.resolve(path).toString(), "data_version", json.toString()), Map.of(), Map.of(),
                    Map.of(), null, ended.minusSeconds(1), ended, "ok", status == StepStatus.CACHED ? "r1" : null));
        }
    }

    private void twoVersionsOfChurn() throws Exception {
        record("r1", "data.version", StepStatus.SUCCEEDED, T0, "data/churn.csv", MD5_1, "a".repeat(40), "/mnt/dvc");
        record("r2", "data.version", StepStatus.SUCCEEDED, T0.plusSeconds(3600), "data/churn.csv", MD5_2, "b".repeat(40), null);
        record("r3", "data.version", StepStatus.SUCCEEDED, T0.plusSeconds(7200), "data/other.csv", "3".repeat(32), null, null);
        record("r4", "data.version", StepStatus.CACHED, T0.plusSeconds(9000), "data/churn.csv", MD5_2, "b".repeat(40), null);
    }

    @Test
    void listsEachRecordedVersionOfTheDatasetNewestFirst() throws Exception {
        twoVersionsOfChurn();

        CliResult r = project.cli("data", "versions", "data/churn.csv");

        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, "a header and two versions, the other dataset and the cached reuse left out: " + r.transcript());
        assertTrue(lines[0].startsWith("RUN") && lines[0].contains("MD5") && lines[0].contains("COMMIT"), lines[0]);
        assertTrue(lines[1].startsWith("r2") && lines[1].contains(MD5_2) && lines[1].contains("bbbbbbbbbbbb")
                && lines[1].contains("(not pushed)") && lines[1].contains("2026-11-20 02:00:00"), lines[1]);
        assertTrue(lines[2].startsWith("r1") && lines[2].contains(MD5_1) && lines[2].contains("/mnt/dvc")
                && lines[2].contains(" 42 "), lines[2]);
    }

    @Test
    void aVersionRecordedByAnyKindOfStepIsListedTheCliKnowsNoKindNames() throws Exception {
        record("r1", "data.restore", StepStatus.SUCCEEDED, T0, "data/churn.csv", MD5_1, "a".repeat(40), null);
        record("r2", "acme.snapshot", StepStatus.SUCCEEDED, T0.plusSeconds(60), "data/churn.csv", MD5_2, null, null);

        CliResult r = project.cli("data", "versions", "data/churn.csv");

        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.transcript());
        assertTrue(lines[1].startsWith("r2") && lines[1].contains("acme.snapshot"), lines[1]);
        assertTrue(lines[2].startsWith("r1") && lines[2].contains("data.restore"), lines[2]);
    }

    @Test
    void jsonHasEveryFieldOfEachVersionAndTheDvcFileNamesTheDatasetToo() throws Exception {
        twoVersionsOfChurn();

        CliResult r = project.cli("data", "versions", "data/churn.csv.dvc", "--json");

        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        var root = Json.MAPPER.readTree(r.out());
        assertEquals(1, root.get("format_version").asInt(), r.out());
        var versions = root.get("versions");
        assertEquals(2, versions.size(), r.out());
        var newest = versions.get(0);
        assertEquals("r2", newest.get("run_id").asText());
        assertEquals(MD5_2, newest.get("md5").asText());
        assertTrue(newest.get("size").isIntegralNumber(), r.out());
        assertEquals(42, newest.get("size").asLong());
        assertEquals("b".repeat(40), newest.get("git_commit").asText());
        assertTrue(newest.get("remote").isNull());
        assertEquals("2026-11-20T02:00:00Z", newest.get("recorded_at").asText());
        assertEquals("/mnt/dvc", versions.get(1).get("remote").asText());
    }

    @Test
    void aDatasetWithoutVersionsSaysSoAndIsNotAnError() throws Exception {
        twoVersionsOfChurn();

        CliResult r = project.cli("data", "versions", "data/nothing.csv");

        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        assertTrue(r.out().startsWith("no recorded versions of data/nothing.csv"), r.transcript());
    }

    @Test
    void aVersionWhoseFileIsGoneIsSkippedWithANote() throws Exception {
        twoVersionsOfChurn();
        Files.delete(dir.resolve(".pitstop/runs/r1/version/data-version.json"));

        CliResult r = project.cli("data", "versions", "data/churn.csv");

        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        assertFalse(r.out().contains(MD5_1), r.transcript());
        assertTrue(r.out().contains(MD5_2), r.transcript());
        assertTrue(r.err().contains("skipped 1 recorded version(s)") && r.err().contains("r1/version"), r.transcript());
    }

    @Test
    void anUnknownProfileIsInvalidInput() {
        CliResult r = project.cli("data", "versions", "data/churn.csv", "--profile", "gpu");

        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().startsWith("pitstop: no profile 'gpu'"), r.transcript());
    }
}
