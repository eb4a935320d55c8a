package io.pitstop.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitstop.engine.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every run store must do, whatever the database: subclasses run these tests on an SQLite file
 * ({@link SqlRunStoreTest}) and on a real PostgreSQL server ({@link PostgresRunStoreTest}).
 */
abstract class RunStoreBehaviour {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Instant T0 = Instant.parse("2026-11-22T20:15:00.123Z");

    @TempDir
    Path dir;
    private String url;

    /** A new, empty database of the dialect under test. */
    abstract String newDatabaseUrl();

    @BeforeEach
    void freshDatabase() {
        url = newDatabaseUrl();
    }

    String url() {
        return url;
    }

    /**
     * Of five RUNNING runs only those held by a dead process of this host become DIED: one whose process
     * was SIGKILLed, one whose pid is alive but belongs to a process started at another time (a reused
     * pid). The run of this live process, the run of a dead pid on another host (a shared PostgreSQL
     * store: not ours to judge) and a run no process holds (between scheduler tasks) stay RUNNING.
     */
    @Test
    void runningRunsOfDeadProcessesOnThisHostAreMarkedDiedWithWhenAndWhy() throws Exception {
        Process killed = new ProcessBuilder("sleep", "600").start();
        ProcessOwner dead = ProcessOwner.of(killed.toHandle()).orElseThrow();
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        ProcessOwner self = ProcessOwner.current();
        // This live pid with the start of another process (the one killed): what a reused pid looks like.
        ProcessOwner reusedPid = new ProcessOwner(self.pid(), self.host(), dead.startToken());
        ProcessOwner elsewhere = new ProcessOwner(killed.pid(), "another-host-" + self.host(), dead.startToken());
        Instant seen = T0.plusSeconds(3600);
        try (SqlRunStore store = SqlRunStore.open(url(), Clock.fixed(seen, ZoneOffset.UTC))) {
            Map<String, ProcessOwner> owners = new java.util.LinkedHashMap<>();
            owners.put("r-killed", dead);
            owners.put("r-reused-pid", reusedPid);
            owners.put("r-live", self);
            owners.put("r-other-host", elsewhere);
            owners.put("r-between-tasks", null);
            for (var e : owners.entrySet()) {
                store.createRun(run(e.getKey(), T0));
                store.claimRun(e.getKey(), e.getValue());
                store.saveStep(step(e.getKey(), "train", StepStatus.RUNNING, "fp", T0, Map.of(), Map.of()));
            }
            assertEquals(java.util.Set.of("r-killed", "r-reused-pid"),
                    java.util.Set.copyOf(DiedRuns.markOnThisHost(store, store.clock())));
            assertEquals(List.of(), DiedRuns.markOnThisHost(store, store.clock()), "marked once");

            RunRecord died = store.findRun("r-killed").orElseThrow();
            assertEquals(RunStatus.DIED, died.status());
            assertEquals(seen, died.endedAt());
            assertEquals("died: process " + dead.pid() + " on " + dead.host() + " (started " + dead.startToken()
                    + ") is gone; seen at " + seen + " by process " + self.pid(), died.message());
            StepRecord step = store.steps("r-killed").get(0);
            assertEquals(StepStatus.FAILED, step.status());
            assertTrue(step.message().startsWith("the run's process died during this step: died: process "), step.message());
            assertEquals(RunStatus.DIED, store.findRun("r-reused-pid").orElseThrow().status());
            for (String id : List.of("r-live", "r-other-host", "r-between-tasks")) {
                assertEquals(RunStatus.RUNNING, store.findRun(id).orElseThrow().status(), id);
                assertEquals(StepStatus.RUNNING, store.steps(id).get(0).status(), id);
            }
            // A run resumed by another process meanwhile (a new owner) is not marked with the old owner's death.
            store.createRun(run("r-resumed", T0));
            store.claimRun("r-resumed", self);
            assertTrue(!store.markDied("r-resumed", dead, seen, "stale"));
            assertEquals(RunStatus.RUNNING, store.findRun("r-resumed").orElseThrow().status());
        }
    }

    @Test
    void retrainingDecisionsAreKeptWithTheirEvidenceNewestFirstPerPipeline() throws Exception {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            store.recordDecision(new DecisionRecord("d1", "telco-churn", "churn", T0, false, List.of(),
                    "{\"retrain\":false,\"conditions\":[{\"name\":\"model_older_than_days\",\"value\":2.0,\"limit\":30.0}]}"));
            store.recordDecision(new DecisionRecord("d2", "telco-churn", "churn", T0.plusSeconds(60), true,
                    List.of("rows_changed_above", "model_older_than_days"), "{\"retrain\":true}"));
            store.recordDecision(new DecisionRecord("d3", "other", "m", T0.plusSeconds(120), true, List.of("always"), "{}"));
        }
        try (SqlRunStore store = SqlRunStore.open(url())) {
            List<DecisionRecord> got = store.decisions("telco-churn", 10);
            assertEquals(List.of("d2", "d1"), got.stream().map(DecisionRecord::decisionId).toList());
            assertEquals(List.of("rows_changed_above", "model_older_than_days"), got.get(0).fired());
            assertTrue(got.get(0).retrain());
            assertEquals(T0.plusSeconds(60), got.get(0).decidedAt());
            assertEquals(List.of(), got.get(1).fired());
            assertEquals(30.0, JSON.readTree(got.get(1).evidenceJson()).at("/conditions/0/limit").asDouble());
            assertEquals(1, store.decisions("telco-churn", 1).size());
            assertEquals(List.of(), store.decisions("nobody", 10));
        }
    }

    @Test
    void migratesAFreshDatabaseOnceAndReopensWithoutChanges() throws Exception {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            store.createRun(run("r1", T0));
        }
        try (SqlRunStore again = SqlRunStore.open(url())) {
            assertTrue(again.findRun("r1").isPresent(), "reopening must keep the data");
            try (var c = again.database().connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COUNT(*), SUM(CASE WHEN success THEN 1 ELSE 0 END) FROM flyway_schema_history")) {
                r.next();
                assertEquals(r.getInt(1), r.getInt(2), "every applied migration succeeded");
                assertEquals(7, r.getInt(1), "V1, V2, the dialect's own V2.1 (append-only audit log), V3.7 (audit hash chain),"
                        + " V3.11 (a run's Git changes), V3.19 (retraining decisions) and V3.41 (a run's owning process),"
                        + " each applied exactly once");
            }
        }
    }

    @Test
    void twoStoresOpeningOneFreshFileAtOnceBothGetTheMigratedSchema() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var start = new java.util.concurrent.CyclicBarrier(2);
            List<java.util.concurrent.Future<Integer>> opened = new java.util.ArrayList<>();
            for (String id : List.of("ra", "rb")) {
                opened.add(pool.submit(() -> {
                    start.await();
                    try (SqlRunStore store = SqlRunStore.open(url())) {
                        store.createRun(run(id, T0));
                        return store.listRuns(10).size();
                    }
                }));
            }
            for (var f : opened) assertTrue(f.get(60, java.util.concurrent.TimeUnit.SECONDS) >= 1);
        } finally {
            pool.shutdownNow();
        }
        try (SqlRunStore store = SqlRunStore.open(url())) {
            assertEquals(2, store.listRuns(10).size());
        }
    }

    @Test
    void newRunIdsAreSortableUtcTimestampsWithARandomSuffix() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T20:15:00Z"), ZoneOffset.ofHours(5));
        try (SqlRunStore store = SqlRunStore.open(url(), clock)) {
            String id = store.newRunId();
            assertTrue(id.matches("r20261122-201500-[0-9a-f]{4}"), id);
            assertNotEquals(id, store.newRunId() + "x");
        }
    }

    @Test
    void runRoundTripsAndUpdates() {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            RunRecord run = new RunRecord("r1", "telco-churn", "pipelines/telco-churn.yaml", "abc", "pipeline: x\n",
                    "0123abcd", true, "local", RunStatus.RUNNING, T0, null, null, "{\"jdk\":\"17\"}",
                    List.of("modified pipelines/telco-churn.yaml", "untracked data-contracts/new.yaml"));
            store.createRun(run);
            assertEquals(run, store.findRun("r1").orElseThrow());

            Instant end = T0.plusSeconds(90);
            store.updateRun("r1", RunStatus.STOPPED, end, "gate said no");
            RunRecord updated = store.findRun("r1").orElseThrow();
            assertEquals(RunStatus.STOPPED, updated.status());
            assertEquals(end, updated.endedAt());
            assertEquals("gate said no", updated.message());
            assertTrue(store.findRun("nope").isEmpty());
            assertThrows(IllegalArgumentException.class, () -> store.updateRun("nope", RunStatus.FAILED, end, "x"));
        }
    }

    @Test
    void listRunsIsNewestFirstAndHonoursTheLimit() {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            store.createRun(run("r-b", T0.plusSeconds(10)));
            store.createRun(run("r-c", T0.plusSeconds(20)));
            store.createRun(run("r-a", T0));
            assertEquals(List.of("r-c", "r-b", "r-a"), store.listRuns(10).stream().map(RunRecord::runId).toList());
            assertEquals(List.of("r-c", "r-b"), store.listRuns(2).stream().map(RunRecord::runId).toList());
        }
    }

    @Test
    void stepRoundTripsWithJsonFieldsMetricsAndCurves() throws Exception {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            store.createRun(run("r1", T0));
            JsonNode params = JSON.readTree("{\"epochs\":20,\"network\":{\"layers\":[16,8]}}");
            JsonNode report = JSON.readTree("{\"passed\":false,\"rule\":\"auc_floor\"}");
            StepRecord step = new StepRecord("r1", "train", "train.network", StepStatus.SUCCEEDED, "fp1", params,
                    Map.of("upstream.data", "md5:1"), Map.of("model", "/tmp/model.zip"),
                    Map.of("auc", 0.83, "loss", 0.41),
                    Map.of("val_auc", List.of(0.6, 0.7, 0.8), "loss", List.of(0.9, Double.NaN, 0.4)),
                    Map.of("gate", report), "logs/train.log", T0, T0.plusMillis(1500), "ok", null);
            store.saveStep(step);

            StepRecord back = store.steps("r1").get(0);
            assertEquals(step, back);
            assertEquals(1500, back.durationMillis());
            try (var c = store.database().connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT value FROM step_curves WHERE name = 'val_auc' ORDER BY point_index DESC")) {
                assertTrue(r.next());
                assertEquals(0.8, r.getDouble(1), "curves are queryable in plain SQL");
            }
        }
    }

    @Test
    void saveStepReplacesTheRowAndItsSeriesButKeepsItsPlace() {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            store.createRun(run("r1", T0));
            store.saveStep(step("r1", "data", StepStatus.SUCCEEDED, "fpd", T0, Map.of("rows", 10.0), Map.of("x", List.of(1.0))));
            store.saveStep(step("r1", "train", StepStatus.FAILED, "fpt", T0.plusSeconds(5), Map.of("auc", 0.5),
                    Map.of("loss", List.of(3.0, 2.0, 1.0))));
            store.saveStep(step("r1", "gate", StepStatus.SKIPPED, null, null, Map.of(), Map.of()));

            // A resumed run re-runs train: the new record replaces the old one entirely.
            store.saveStep(step("r1", "train", StepStatus.SUCCEEDED, "fpt", T0.plusSeconds(60), Map.of("f1", 0.7),
                    Map.of("loss", List.of(0.5))));

            List<StepRecord> steps = store.steps("r1");
            assertEquals(List.of("data", "train", "gate"), steps.stream().map(StepRecord::stepId).toList());
            StepRecord train = steps.get(1);
            assertEquals(StepStatus.SUCCEEDED, train.status());
            assertEquals(Map.of("f1", 0.7), train.metrics());
            assertEquals(Map.of("loss", List.of(0.5)), train.curves());
        }
    }

    @Test
    void findByFingerprintReturnsTheNewestSucceededExecutionOfThatKind() {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            store.createRun(run("r1", T0));
            store.createRun(run("r2", T0.plusSeconds(100)));
            store.createRun(run("r3", T0.plusSeconds(200)));
            store.saveStep(step("r1", "train", StepStatus.SUCCEEDED, "fp", T0, Map.of("auc", 0.1), Map.of()));
            store.saveStep(step("r2", "train", StepStatus.SUCCEEDED, "fp", T0.plusSeconds(100), Map.of("auc", 0.2), Map.of()));
            store.saveStep(step("r3", "train", StepStatus.CACHED, "fp", T0.plusSeconds(200), Map.of(), Map.of()));
            store.saveStep(step("r3", "train2", StepStatus.FAILED, "fp", T0.plusSeconds(300), Map.of(), Map.of()));

            StepRecord hit = store.findByFingerprint("train.network", "fp").orElseThrow();
            assertEquals("r2", hit.runId(), "newest SUCCEEDED, not the CACHED or FAILED ones");
            assertEquals(Map.of("auc", 0.2), hit.metrics());
            assertTrue(store.findByFingerprint("train.network", "other").isEmpty());
            assertTrue(store.findByFingerprint("data.validate", "fp").isEmpty());
        }
    }

    @Test
    void stepsWithOutputFindEveryKindThatProducedItNewestFirstAndNoLookalike() {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            store.createRun(run("r1", T0));
            store.createRun(run("r2", T0.plusSeconds(100)));
            store.saveStep(withOutputs(step("r1", "version", StepStatus.SUCCEEDED, "fp1", T0, Map.of(), Map.of()),
                    "data.version", Map.of("data_version", "/r1/data-version.json")));
            store.saveStep(withOutputs(step("r2", "fetch", StepStatus.SUCCEEDED, "fp2", T0.plusSeconds(100), Map.of(), Map.of()),
                    "acme.fetch", Map.of("data_version", "/r2/data-version.json", "dataset", "/r2/x.csv")));
            // '_' is a LIKE wildcard: a key that differs only there is not the output asked for.
            store.saveStep(withOutputs(step("r2", "other", StepStatus.SUCCEEDED, "fp3", T0.plusSeconds(200), Map.of(), Map.of()),
                    "acme.other", Map.of("dataXversion", "/r2/other")));

            List<StepRecord> found = store.stepsWithOutput("data_version");
            assertEquals(List.of("r2/fetch", "r1/version"), found.stream().map(s -> s.runId() + "/" + s.stepId()).toList());
            assertEquals("acme.fetch", found.get(0).kind());
            assertTrue(store.stepsWithOutput("model").isEmpty());
        }
    }

    private static StepRecord withOutputs(StepRecord s, String kind, Map<String, String> outputs) {
        return new StepRecord(s.runId(), s.stepId(), kind, s.status(), s.fingerprint(), s.params(), s.inputs(), outputs,
                s.metrics(), s.curves(), s.reports(), s.logPath(), s.startedAt(), s.endedAt(), s.message(), s.cachedFromRun());
    }

    @Test
    void aClosedStoreRefusesWork() {
        SqlRunStore store = SqlRunStore.open(url());
        store.close();
        assertThrows(IllegalStateException.class, () -> store.listRuns(1));
    }

    static RunRecord run(String id, Instant started) {
        return new RunRecord(id, "telco-churn", "pipelines/telco-churn.yaml", "sha", null, "c0ffee", false, "local",
                RunStatus.RUNNING, started, null, null, null);
    }

    private static StepRecord step(String runId, String stepId, StepStatus status, String fingerprint, Instant started,
                                   Map<String, Double> metrics, Map<String, List<Double>> curves) {
        return new StepRecord(runId, stepId, "train.network", status, fingerprint, null, Map.of(), Map.of(), metrics, curves,
                Map.of(), null, started, started == null ? null : started.plusSeconds(1), null, null);
    }
}
