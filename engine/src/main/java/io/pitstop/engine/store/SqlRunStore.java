package io.pitstop.engine.store;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.json.JsonText;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The run store on plain JDBC: an SQLite file by default ({@code store.url} in the profile),
 * PostgreSQL when a team outgrows one machine ({@link StoreLocation}). Times are kept to the millisecond. Safe to use from
 * several threads and processes: each operation opens its own connection (see {@link Database}).
 *
 * <pre>
 * store:
 *   url: jdbc:sqlite:.pitstop/pitstop.db   # relative to the project directory
 * </pre>
 */
public final class SqlRunStore implements RunStore {

    /** The profile key of the JDBC URL. */
    public static final String URL_KEY = StoreLocation.URL_KEY;
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String RUN_COLUMNS = "run_id, pipeline, pipeline_file, spec_sha256, spec_text, git_commit, git_dirty, "
            + "profile, status, started_at_ms, ended_at_ms, message, environment_json, git_changes_json";
    private static final String STEP_COLUMNS = "run_id, step_id, kind, status, fingerprint, params_json, inputs_json, "
            + "outputs_json, reports_json, log_path, started_at_ms, ended_at_ms, message, cached_from_run";

    private final Database database;
    private final Clock clock;
    /** Run ids only need to be unlikely to collide within a second, not reproducible. */
    private final Random idSuffix = new SecureRandom();
    private volatile boolean closed;

    private SqlRunStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Opens (creating and migrating if needed) the store at a JDBC URL. */
    public static SqlRunStore open(String jdbcUrl) {
        return open(jdbcUrl, Clock.systemUTC());
    }

    public static SqlRunStore open(String jdbcUrl, Clock clock) {
        return new SqlRunStore(Database.open(jdbcUrl), clock);
    }

    /** Opens the store at a location: a JDBC URL with the user and password to log in with, if any. */
    public static SqlRunStore open(StoreLocation location) {
        return new SqlRunStore(Database.open(location), Clock.systemUTC());
    }

    /**
     * Opens the store a profile names ({@link StoreLocation#of(Profile)}): {@code store.url}, or an
     * SQLite file {@code pitstop.db} in the state directory, a relative SQLite path resolved against the
     * project directory, credentials from {@code store.user} and {@code store.password}.
     */
    public static SqlRunStore open(Profile profile) {
        return open(StoreLocation.of(profile));
    }

    /**
     * The JDBC URL of a profile's store as configured ({@link StoreLocation#configuredUrl}): a relative
     * SQLite path made absolute, so the store does not depend on the working directory of the process,
     * and any {@code ${NAME}} reference left unresolved.
     */
    public static String urlOf(Profile profile) {
        return StoreLocation.configuredUrl(profile);
    }

    /** The database this store lives in; the registry shares it. */
    public Database database() {
        return database;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public String newRunId() {
        return "r" + RUN_ID_TIME.format(clock.instant()) + "-" + String.format("%04x", idSuffix.nextInt(0x10000));
    }

    @Override
    public void createRun(RunRecord run) {
        open();
        database.write("create run " + run.runId(), c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO runs (" + RUN_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                s.setString(1, run.runId());
                s.setString(2, run.pipeline());
                s.setString(3, run.pipelineFile());
                s.setString(4, run.specSha256());
                s.setString(5, run.specText());
                s.setString(6, run.gitCommit());
                s.setBoolean(7, run.gitDirty());
                s.setString(8, run.profile());
                s.setString(9, run.status().name());
                setMillis(s, 10, run.startedAt());
                setMillis(s, 11, run.endedAt());
                s.setString(12, run.message());
                s.setString(13, run.environmentJson());
                s.setString(14, JsonText.compact(run.gitChanges()));
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void updateRun(String runId, RunStatus status, Instant endedAt, String message) {
        open();
        int updated = database.write("update run " + runId, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE runs SET status = ?, ended_at_ms = ?, message = ? WHERE run_id = ?")) {
                s.setString(1, status.name());
                setMillis(s, 2, endedAt);
                s.setString(3, message);
                s.setString(4, runId);
                return s.executeUpdate();
            }
        });
        if (updated == 0) throw new IllegalArgumentException("no run with id " + runId + " in " + database);
    }

    @Override
    public void claimRun(String runId, ProcessOwner owner) {
        open();
        int updated = database.write("record the process of run " + runId, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE runs SET owner_pid = ?, owner_host = ?, owner_start = ? WHERE run_id = ?")) {
                if (owner == null) {
                    s.setNull(1, Types.BIGINT);
                    s.setNull(2, Types.VARCHAR);
                    s.setNull(3, Types.VARCHAR);
                } else {
                    s.setLong(1, owner.pid());
                    s.setString(2, owner.host());
                    s.setString(3, owner.startToken());
                }
                s.setString(4, runId);
                return s.executeUpdate();
            }
        });
        if (updated == 0) throw new IllegalArgumentException("no run with id " + runId + " in " + database);
    }

    @Override
    public Map<String, ProcessOwner> runningOwnedOn(String host) {
        open();
        return database.read("read the running runs of " + host, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT run_id, owner_pid, owner_host, owner_start FROM runs"
                    + " WHERE status = 'RUNNING' AND owner_host = ? AND owner_pid IS NOT NULL ORDER BY run_id")) {
                s.setString(1, host);
                Map<String, ProcessOwner> out = new LinkedHashMap<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.put(r.getString(1), new ProcessOwner(r.getLong(2), r.getString(3), r.getString(4)));
                }
                return out;
            }
        });
    }

    @Override
    public boolean markDied(String runId, ProcessOwner owner, Instant observedAt, String message) {
        open();
        return database.write("mark run " + runId + " died", c -> {
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE runs SET status = 'DIED', ended_at_ms = ?, message = ?"
                    + " WHERE run_id = ? AND status = 'RUNNING' AND owner_pid = ? AND owner_host = ? AND owner_start = ?")) {
                s.setLong(1, observedAt.toEpochMilli());
                s.setString(2, message);
                s.setString(3, runId);
                s.setLong(4, owner.pid());
                s.setString(5, owner.host());
                s.setString(6, owner.startToken());
                updated = s.executeUpdate();
            }
            if (updated == 0) return false;
            try (PreparedStatement s = c.prepareStatement("UPDATE step_runs SET status = 'FAILED', ended_at_ms = ?,"
                    + " message = ? WHERE run_id = ? AND status = 'RUNNING'")) {
                s.setLong(1, observedAt.toEpochMilli());
                s.setString(2, "the run's process died during this step: " + message);
                s.setString(3, runId);
                s.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<RunRecord> findRun(String runId) {
        open();
        return database.read("find run " + runId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE run_id = ?")) {
                s.setString(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(run(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<RunRecord> listRuns(int limit) {
        open();
        if (limit <= 0) return List.of();
        return database.read("list runs", c -> {
            // Run ids sort by start time too; they break ties between runs started in the same millisecond.
            try (PreparedStatement s = c.prepareStatement("SELECT " + RUN_COLUMNS
                    + " FROM runs ORDER BY started_at_ms DESC, run_id DESC LIMIT ?")) {
                s.setInt(1, limit);
                List<RunRecord> runs = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) runs.add(run(r));
                }
                return List.copyOf(runs);
            }
        });
    }

    @Override
    public void saveStep(StepRecord step) {
        open();
        database.write("save step " + step.stepId() + " of run " + step.runId(), c -> {
            long position = positionOf(c, step.runId(), step.stepId());
            // Metrics and curves go with the row (ON DELETE CASCADE), so a replaced step keeps none of its old ones.
            try (PreparedStatement s = c.prepareStatement("DELETE FROM step_runs WHERE run_id = ? AND step_id = ?")) {
                s.setString(1, step.runId());
                s.setString(2, step.stepId());
                s.executeUpdate();
            }
            insertStep(c, step, position);
            insertMetrics(c, step);
            insertCurves(c, step);
            return null;
        });
    }

    @Override
    public List<StepRecord> steps(String runId) {
        open();
        return database.read("read the steps of run " + runId, c -> {
            // Steps that never started (SKIPPED) come after the ones that did, in the order they were recorded.
            List<StepRecord> rows = queryStepRows(c, "SELECT " + STEP_COLUMNS + " FROM step_runs WHERE run_id = ? "
                    + "ORDER BY CASE WHEN started_at_ms IS NULL THEN 1 ELSE 0 END, started_at_ms, position", runId);
            Map<String, Map<String, Double>> metrics = metricsOf(c, runId, null);
            Map<String, Map<String, List<Double>>> curves = curvesOf(c, runId, null);
            List<StepRecord> out = new ArrayList<>();
            for (StepRecord row : rows) {
                out.add(withSeries(row, metrics.get(row.stepId()), curves.get(row.stepId())));
            }
            return List.copyOf(out);
        });
    }

    @Override
    public Optional<StepRecord> findByFingerprint(String kind, String fingerprint) {
        open();
        return database.read("find a " + kind + " step with fingerprint " + fingerprint, c -> {
            List<StepRecord> rows = queryStepRows(c, "SELECT " + STEP_COLUMNS + " FROM step_runs "
                    + "WHERE kind = ? AND fingerprint = ? AND status = 'SUCCEEDED' "
                    + "ORDER BY ended_at_ms DESC, started_at_ms DESC, run_id DESC LIMIT 1", kind, fingerprint);
            if (rows.isEmpty()) return Optional.empty();
            StepRecord row = rows.get(0);
            return Optional.of(withSeries(row, metricsOf(c, row.runId(), row.stepId()).get(row.stepId()),
                    curvesOf(c, row.runId(), row.stepId()).get(row.stepId())));
        });
    }

    @Override
    public List<StepRecord> stepsWithOutput(String output) {
        open();
        // The outputs are a JSON object: LIKE narrows to rows naming the key, the map decides exactly.
        String pattern = "%\"" + output.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "\"%";
        return database.read("read the steps that produced " + output, c -> {
            List<StepRecord> rows = queryStepRows(c, "SELECT " + STEP_COLUMNS + " FROM step_runs WHERE outputs_json"
                    + " LIKE ? ESCAPE '\\' ORDER BY ended_at_ms DESC, started_at_ms DESC, run_id DESC", pattern);
            List<StepRecord> out = new ArrayList<>();
            for (StepRecord row : rows) {
                if (!row.outputs().containsKey(output)) continue;
                out.add(withSeries(row, metricsOf(c, row.runId(), row.stepId()).get(row.stepId()),
                        curvesOf(c, row.runId(), row.stepId()).get(row.stepId())));
            }
            return List.copyOf(out);
        });
    }

    @Override
    public void recordDecision(DecisionRecord d) {
        open();
        database.write("record retraining decision " + d.decisionId(), c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO retrain_decisions (decision_id, pipeline, model,"
                    + " decided_at_ms, retrain, fired, evidence_json) VALUES (?,?,?,?,?,?,?)")) {
                s.setString(1, d.decisionId());
                s.setString(2, d.pipeline());
                s.setString(3, d.model());
                s.setLong(4, d.decidedAt().toEpochMilli());
                s.setBoolean(5, d.retrain());
                s.setString(6, JsonText.compact(d.fired()));
                s.setString(7, d.evidenceJson());
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<DecisionRecord> decisions(String pipeline, int limit) {
        open();
        return database.read("read the retraining decisions of " + pipeline, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT decision_id, pipeline, model, decided_at_ms, retrain,"
                    + " fired, evidence_json FROM retrain_decisions WHERE pipeline = ?"
                    + " ORDER BY decided_at_ms DESC, decision_id DESC LIMIT ?")) {
                s.setString(1, pipeline);
                s.setInt(2, limit);
                List<DecisionRecord> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        List<String> fired = new ArrayList<>();
                        try {
                            Json.MAPPER.readTree(r.getString(6)).forEach(n -> fired.add(n.asText()));
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            throw new SQLException("unreadable fired conditions in decision " + r.getString(1), e);
                        }
                        out.add(new DecisionRecord(r.getString(1), r.getString(2), r.getString(3),
                                Instant.ofEpochMilli(r.getLong(4)), r.getBoolean(5), fired, r.getString(7)));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
    }

    private void open() {
        if (closed) throw new IllegalStateException("run store " + database + " is closed");
    }

    private static long positionOf(Connection c, String runId, String stepId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT position FROM step_runs WHERE run_id = ? AND step_id = ?")) {
            s.setString(1, runId);
            s.setString(2, stepId);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) return r.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(position), 0) + 1 FROM step_runs WHERE run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void insertStep(Connection c, StepRecord step, long position) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO step_runs (" + STEP_COLUMNS + ", position) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            s.setString(1, step.runId());
            s.setString(2, step.stepId());
            s.setString(3, step.kind());
            s.setString(4, step.status().name());
            s.setString(5, step.fingerprint());
            s.setString(6, JsonText.compact(step.params()));
            s.setString(7, JsonText.compact(step.inputs()));
            s.setString(8, JsonText.compact(step.outputs()));
            s.setString(9, JsonText.compact(step.reports()));
            s.setString(10, step.logPath());
            setMillis(s, 11, step.startedAt());
            setMillis(s, 12, step.endedAt());
            s.setString(13, step.message());
            s.setString(14, step.cachedFromRun());
            s.setLong(15, position);
            s.executeUpdate();
        }
    }

    private static void insertMetrics(Connection c, StepRecord step) throws SQLException {
        if (step.metrics().isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO step_metrics (run_id, step_id, name, value) VALUES (?,?,?,?)")) {
            for (var e : step.metrics().entrySet()) {
                s.setString(1, step.runId());
                s.setString(2, step.stepId());
                s.setString(3, e.getKey());
                setDouble(s, 4, e.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void insertCurves(Connection c, StepRecord step) throws SQLException {
        if (step.curves().isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO step_curves (run_id, step_id, name, point_index, value) VALUES (?,?,?,?,?)")) {
            for (var e : step.curves().entrySet()) {
                List<Double> points = e.getValue();
                for (int i = 0; i < points.size(); i++) {
                    s.setString(1, step.runId());
                    s.setString(2, step.stepId());
                    s.setString(3, e.getKey());
                    s.setLong(4, i);
                    setDouble(s, 5, points.get(i));
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    private static List<StepRecord> queryStepRows(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setString(i + 1, args[i]);
            List<StepRecord> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) rows.add(stepRow(r));
            }
            return rows;
        }
    }

    /** Metrics by step id, for one step or (stepId null) every step of a run. */
    private static Map<String, Map<String, Double>> metricsOf(Connection c, String runId, String stepId) throws SQLException {
        Map<String, Map<String, Double>> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT step_id, name, value FROM step_metrics WHERE run_id = ?"
                + (stepId == null ? "" : " AND step_id = ?"))) {
            s.setString(1, runId);
            if (stepId != null) s.setString(2, stepId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>()).put(r.getString(2), getDouble(r, 3));
                }
            }
        }
        return out;
    }

    /** Curves by step id, points in order, for one step or (stepId null) every step of a run. */
    private static Map<String, Map<String, List<Double>>> curvesOf(Connection c, String runId, String stepId) throws SQLException {
        Map<String, Map<String, List<Double>>> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT step_id, name, value FROM step_curves WHERE run_id = ?"
                + (stepId == null ? "" : " AND step_id = ?") + " ORDER BY step_id, name, point_index")) {
            s.setString(1, runId);
            if (stepId != null) s.setString(2, stepId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(r.getString(2), k -> new ArrayList<>())
                            .add(getDouble(r, 3));
                }
            }
        }
        return out;
    }

    private static StepRecord withSeries(StepRecord row, Map<String, Double> metrics, Map<String, List<Double>> curves) {
        Map<String, List<Double>> frozen = new LinkedHashMap<>();
        if (curves != null) curves.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new StepRecord(row.runId(), row.stepId(), row.kind(), row.status(), row.fingerprint(), row.params(),
                row.inputs(), row.outputs(), metrics, frozen, row.reports(), row.logPath(), row.startedAt(), row.endedAt(),
                row.message(), row.cachedFromRun());
    }

    private static StepRecord stepRow(ResultSet r) throws SQLException {
        return new StepRecord(
                r.getString("run_id"),
                r.getString("step_id"),
                r.getString("kind"),
                StepStatus.valueOf(r.getString("status")),
                r.getString("fingerprint"),
                JsonText.node(r.getString("params_json")),
                JsonText.strings(r.getString("inputs_json")),
                JsonText.strings(r.getString("outputs_json")),
                Map.of(),
                Map.of(),
                JsonText.documents(r.getString("reports_json")),
                r.getString("log_path"),
                getInstant(r, "started_at_ms"),
                getInstant(r, "ended_at_ms"),
                r.getString("message"),
                r.getString("cached_from_run"));
    }

    private static RunRecord run(ResultSet r) throws SQLException {
        return new RunRecord(
                r.getString("run_id"),
                r.getString("pipeline"),
                r.getString("pipeline_file"),
                r.getString("spec_sha256"),
                r.getString("spec_text"),
                r.getString("git_commit"),
                r.getBoolean("git_dirty"),
                r.getString("profile"),
                RunStatus.valueOf(r.getString("status")),
                getInstant(r, "started_at_ms"),
                getInstant(r, "ended_at_ms"),
                r.getString("message"),
                r.getString("environment_json"),
                JsonText.list(r.getString("git_changes_json")));
    }

    static void setMillis(PreparedStatement s, int index, Instant at) throws SQLException {
        if (at == null) s.setNull(index, Types.BIGINT);
        else s.setLong(index, at.toEpochMilli());
    }

    static Instant getInstant(ResultSet r, String column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** SQL has no NaN (SQLite turns it into NULL anyway), so a diverged loss is stored as NULL. */
    private static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null || value.isNaN()) s.setNull(index, Types.DOUBLE);
        else s.setDouble(index, value);
    }

    private static Double getDouble(ResultSet r, int index) throws SQLException {
        double v = r.getDouble(index);
        return r.wasNull() ? Double.NaN : v;
    }
}
