package io.pitstop.engine.registry;

import io.pitstop.engine.fault.KillPoint;

import io.pitstop.engine.store.Database;
import io.pitstop.engine.store.SqlRunStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry in the run store's database. Every change is one transaction that also appends to
 * the audit log, so a process killed mid-promotion leaves either the old state and no audit row,
 * or the new state and its audit rows. The database itself refuses a second production version
 * (unique partial index) and any change to the audit log (triggers). Once a transaction has committed,
 * the hashes of the entries it appended are copied to the heads file, when one is given (the CLI's
 * registry), so the log can be checked against a copy its writer does not hold alone.
 */
public final class SqlRegistry implements Registry {

    private static final String COLUMNS = "model, version, stage, run_id, package_path, manifest_sha256, created_at_ms, model_identity";

    private final Database database;
    private final Clock clock;
    /** Where each committed entry's hash is copied outside the database; null: nowhere (tests, tools). */
    private final AuditHeadFile heads;

    public SqlRegistry(Database database, Clock clock, AuditHeadFile heads) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.heads = heads;
    }

    public SqlRegistry(Database database, Clock clock) {
        this(database, clock, null);
    }

    /** The registry in the same database as a run store, on the store's clock. */
    public SqlRegistry(SqlRunStore store) {
        this(store.database(), store.clock());
    }

    /** As above, anchoring every committed audit entry in {@code heads} (what the CLI does). */
    public SqlRegistry(SqlRunStore store, AuditHeadFile heads) {
        this(store.database(), store.clock(), heads);
    }

    /** Work that appends audit entries: it adds each entry's link to {@code appended}. */
    @FunctionalInterface
    private interface AuditedWork<T> {
        T run(Connection c, List<AuditChain.Head> appended) throws SQLException;
    }

    /**
     * One write transaction; the entries it appended are copied to the heads file once it committed.
     * (A write retried after a lost race starts its list afresh.)
     */
    private <T> T writeAudited(String operation, AuditedWork<T> work) {
        List<AuditChain.Head> appended = new ArrayList<>();
        T result = database.write(operation, c -> {
            appended.clear();
            return work.run(c, appended);
        });
        if (heads != null) heads.record(appended);
        return result;
    }

    @Override
    public Optional<ModelVersion> find(String model, String version) {
        return database.read("find " + model + " " + version, c -> select(c, model, version));
    }

    @Override
    public Optional<ModelVersion> inStage(String model, Stage stage) {
        return database.read("find the " + stage + " version of " + model, c -> {
            List<ModelVersion> found = query(c, "SELECT " + COLUMNS + " FROM model_versions WHERE model = ? AND stage = ? "
                    + "ORDER BY stage_changed_at_ms DESC, created_at_ms DESC LIMIT 1", model, stage.name());
            return found.stream().findFirst();
        });
    }

    @Override
    public List<ModelVersion> versions(String model) {
        return database.read("list the versions of " + model, c -> List.copyOf(query(c, "SELECT " + COLUMNS
                + " FROM model_versions WHERE model = ? ORDER BY created_at_ms DESC, version DESC", model)));
    }

    @Override
    public ModelVersion register(String model, String version, String runId, String packagePath, String manifestSha256,
                                 String actor) {
        return register(model, version, runId, packagePath, manifestSha256, null, actor);
    }

    @Override
    public ModelVersion register(String model, String version, String runId, String packagePath, String manifestSha256,
                                 String modelIdentity, String actor) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(packagePath, "packagePath");
        Objects.requireNonNull(actor, "actor");
        return writeAudited("register " + model + " " + version, (c, appended) -> {
            Optional<ModelVersion> existing = select(c, model, version);
            if (existing.isPresent()) {
                // A retried release (e.g. after a crash between packaging and registering) is harmless.
                if (Objects.equals(existing.get().manifestSha256(), manifestSha256)) return existing.get();
                throw new VersionConflictException(model, version, existing.get().manifestSha256(), manifestSha256);
            }
            long now = clock.millis();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO model_versions (" + COLUMNS
                    + ", stage_changed_at_ms) VALUES (?,?,?,?,?,?,?,?,?)")) {
                s.setString(1, model);
                s.setString(2, version);
                s.setString(3, Stage.STAGING.name());
                s.setString(4, runId);
                s.setString(5, packagePath);
                s.setString(6, manifestSha256);
                s.setLong(7, now);
                s.setString(8, modelIdentity);
                s.setLong(9, now);
                s.executeUpdate();
            }
            appendAudit(c, appended, now, model, version, null, Stage.STAGING, actor, "registered", runId, packagePath);
            KillPoint.reach(KillPoint.REGISTERING);
            return select(c, model, version).orElseThrow();
        });
    }

    @Override
    public ModelVersion transition(String model, String version, Stage to, String actor, String reason, String runId,
                                   String evidence) {
        return transition(model, version, to, actor, reason, runId, evidence, null, false);
    }

    @Override
    public ModelVersion promoteOver(String model, String version, String expectedChampion, String actor, String reason,
                                    String runId, String evidence) {
        return transition(model, version, Stage.PRODUCTION, actor, reason, runId, evidence, expectedChampion, true);
    }

    @Override
    public ModelVersion rollback(String model, String expectedProduction, String actor, String reason) {
        Objects.requireNonNull(actor, "actor");
        return writeAudited("roll back " + model, (c, appended) -> {
            expectProduction(c, "rollback of " + model, model, null, expectedProduction);
            List<AuditEntry> log = links(c, "WHERE model = ?", model).stream().map(AuditChain.Link::entry).toList();
            Optional<ModelVersion> current = query(c, "SELECT " + COLUMNS + " FROM model_versions "
                    + "WHERE model = ? AND stage = 'PRODUCTION'", model).stream().findFirst();
            if (current.isEmpty()) throw new NothingToRollBackException(model, "no version of " + model + " is in production: nothing to roll back");
            var previous = ProductionHistory.beforeCurrent(log).orElseThrow(() -> new NothingToRollBackException(model,
                    model + " " + current.get().version() + " is the first version ever in production: there is nothing to roll back to"));
            ModelVersion target = select(c, model, previous.version()).orElseThrow(() -> new UnknownVersionException(model, previous.version()));
            long now = clock.millis();
            String why = "rollback from " + current.get().version() + (reason == null ? "" : ": " + reason);
            setStage(c, model, current.get().version(), Stage.ARCHIVED, now);
            appendAudit(c, appended, now, model, current.get().version(), Stage.PRODUCTION, Stage.ARCHIVED, actor, why, null, null);
            setStage(c, model, target.version(), Stage.PRODUCTION, now);
            appendAudit(c, appended, now, model, target.version(), target.stage(), Stage.PRODUCTION, actor, why, null, null);
            return select(c, model, target.version()).orElseThrow();
        });
    }

    @Override
    public ModelVersion transitionExpecting(String model, String version, Stage to, String expectedProduction, String actor,
                                            String reason, String runId, String evidence) {
        return transition(model, version, to, actor, reason, runId, evidence, expectedProduction, false, true);
    }

    private ModelVersion transition(String model, String version, Stage to, String actor, String reason, String runId,
                                    String evidence, String expectedChampion, boolean compareChampion) {
        return transition(model, version, to, actor, reason, runId, evidence, expectedChampion, compareChampion, false);
    }

    private ModelVersion transition(String model, String version, Stage to, String actor, String reason, String runId,
                                    String evidence, String expectedChampion, boolean compareChampion, boolean compareAlways) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        return writeAudited("move " + model + " " + version + " to " + to, (c, appended) -> {
            if (compareAlways) expectProduction(c, "moving " + model + " " + version + " to " + to.name().toLowerCase(java.util.Locale.ROOT),
                    model, version, expectedChampion);
            ModelVersion current = select(c, model, version).orElseThrow(() -> new UnknownVersionException(model, version));
            if (compareChampion && current.stage() != Stage.PRODUCTION) {
                // Compare-and-set inside the write transaction: the gate judged against one champion; promote only over it.
                String now = production(c, model);
                if (!Objects.equals(now, expectedChampion)) {
                    throw new ChampionChangedException(model, version, expectedChampion, now, lastProductionMove(c, model));
                }
            }
            // Asking for the stage a version is already in is a retry of a transition that committed: no new audit row.
            if (current.stage() == to) return current;
            if (to == Stage.STAGING) throw new IllegalTransitionException(model, version, current.stage(), to);
            long now = clock.millis();
            if (to == Stage.PRODUCTION) {
                Optional<ModelVersion> champion = query(c, "SELECT " + COLUMNS + " FROM model_versions "
                        + "WHERE model = ? AND stage = 'PRODUCTION'", model).stream().findFirst();
                if (champion.isPresent()) {
                    setStage(c, model, champion.get().version(), Stage.ARCHIVED, now);
                    appendAudit(c, appended, now, model, champion.get().version(), Stage.PRODUCTION, Stage.ARCHIVED, actor,
                            "replaced by " + version + (reason == null ? "" : ": " + reason), runId, evidence);
                }
            }
            setStage(c, model, version, to, now);
            appendAudit(c, appended, now, model, version, current.stage(), to, actor, reason, runId, evidence);
            if (to == Stage.PRODUCTION) KillPoint.reach(KillPoint.PROMOTING);
            return select(c, model, version).orElseThrow();
        });
    }

    @Override
    public List<AuditEntry> audit(String model) {
        return database.read("read the audit log of " + model,
                c -> links(c, "WHERE model = ?", model).stream().map(AuditChain.Link::entry).toList());
    }

    @Override
    public Optional<AuditChain.Head> auditHead() {
        return database.read("read the audit log's head", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT sequence, entry_hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
                 ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new AuditChain.Head(r.getLong(1), r.getString(2))) : Optional.empty();
            }
        });
    }

    @Override
    public List<ModelVersion> allVersions() {
        return database.read("list every registered version", c -> List.copyOf(query(c, "SELECT " + COLUMNS
                + " FROM model_versions ORDER BY model, created_at_ms, version")));
    }

    @Override
    public List<AuditChain.Link> auditChain() {
        return database.read("read the audit log", c -> links(c, "", null));
    }

    private static List<AuditChain.Link> links(Connection c, String where, String model) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT sequence, at_ms, model, version, from_stage, to_stage, "
                + "actor, reason, run_id, evidence, prev_hash, entry_hash FROM audit_log " + where + " ORDER BY sequence")) {
            if (model != null) s.setString(1, model);
            List<AuditChain.Link> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String from = r.getString("from_stage");
                    out.add(new AuditChain.Link(new AuditEntry(r.getLong("sequence"), Instant.ofEpochMilli(r.getLong("at_ms")),
                            r.getString("model"), r.getString("version"), from == null ? null : Stage.valueOf(from),
                            Stage.valueOf(r.getString("to_stage")), r.getString("actor"), r.getString("reason"),
                            r.getString("run_id"), r.getString("evidence")), r.getString("prev_hash"), r.getString("entry_hash")));
                }
            }
            return List.copyOf(out);
        }
    }

    @Override
    public void approve(String model, String version, String expectedProduction, String approver) {
        writeAudited("approve " + model + " " + version, (c, appended) -> {
            expectProduction(c, "approval of " + model + " " + version, model, version, expectedProduction);
            ModelVersion v = select(c, model, version).orElseThrow(() -> new UnknownVersionException(model, version));
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO approvals (model, version, approver, at_ms) VALUES (?,?,?,?) ON CONFLICT DO NOTHING")) {
                s.setString(1, model);
                s.setString(2, version);
                s.setString(3, approver);
                s.setLong(4, clock.millis());
                if (s.executeUpdate() == 1) {
                    appendAudit(c, appended, clock.millis(), model, version, v.stage(), v.stage(), approver, "approved for production", null, null);
                }
            }
            return null;
        });
    }

    @Override
    public void recordPackageDeleted(String model, String version, String expectedProduction, String actor) {
        writeAudited("record deletion of " + model + " " + version + "'s package", (c, appended) -> {
            expectProduction(c, "deleting the package of " + model + " " + version, model, version, expectedProduction);
            ModelVersion v = select(c, model, version).orElseThrow(() -> new UnknownVersionException(model, version));
            if (v.stage() != Stage.ARCHIVED) throw new IllegalTransitionException(model, version, v.stage(), Stage.ARCHIVED);
            appendAudit(c, appended, clock.millis(), model, version, Stage.ARCHIVED, Stage.ARCHIVED, actor,
                    RetentionPolicy.PACKAGE_DELETED, null, v.packagePath());
            return null;
        });
    }

    @Override
    public void recordErasure(String model, String version, String actor, String reason, String evidence) {
        writeAudited("record an erasure from " + evidence, (c, appended) -> {
            ModelVersion v = select(c, model, version).orElseThrow(() -> new UnknownVersionException(model, version));
            // From a stage to itself: replaying the log (StageReplay, ProductionHistory) sees no move.
            appendAudit(c, appended, clock.millis(), model, version, v.stage(), v.stage(), actor, reason, null, evidence);
            return null;
        });
    }

    @Override
    public List<String> approvals(String model, String version) {
        return database.read("read approvals of " + model + " " + version, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT approver FROM approvals WHERE model = ? AND version = ? ORDER BY approver")) {
                s.setString(1, model);
                s.setString(2, version);
                List<String> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.add(r.getString(1));
                }
                return List.copyOf(out);
            }
        });
    }

    /** The version in production now, inside the caller's transaction; null: none. */
    private static String production(Connection c, String model) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM model_versions WHERE model = ? AND stage = 'PRODUCTION'", model)
                .stream().findFirst().map(ModelVersion::version).orElse(null);
    }

    /**
     * The compare-and-set every transition makes, inside its write transaction (writers are serialized,
     * {@link Database}): production must still be what the caller saw when it decided, or nothing changes
     * and the caller is told who changed it.
     */
    private static void expectProduction(Connection c, String operation, String model, String version, String expected)
            throws SQLException {
        String now = production(c, model);
        if (!Objects.equals(now, expected)) {
            throw new ProductionChangedException(operation, model, version, expected, now, lastProductionMove(c, model));
        }
    }

    /** The audit entry that last put a version into, or took one out of, production. */
    private static AuditEntry lastProductionMove(Connection c, String model) throws SQLException {
        return links(c, "WHERE model = ?", model).stream().map(AuditChain.Link::entry)
                .filter(e -> e.from() != e.to() && (e.to() == Stage.PRODUCTION || e.from() == Stage.PRODUCTION))
                .reduce((a, b) -> b).orElse(null);
    }

    private static void setStage(Connection c, String model, String version, Stage stage, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE model_versions SET stage = ?, stage_changed_at_ms = ? WHERE model = ? AND version = ?")) {
            s.setString(1, stage.name());
            s.setLong(2, now);
            s.setString(3, model);
            s.setString(4, version);
            s.executeUpdate();
        }
    }

    /** Appends one audit row; the sequence is taken inside the caller's transaction, so it is gap-free and ordered. */
    private static void appendAudit(Connection c, List<AuditChain.Head> appended, long at, String model, String version, Stage from, Stage to, String actor,
                                    String reason, String runId, String evidence) throws SQLException {
        long sequence;
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(sequence), 0) + 1 FROM audit_log");
             ResultSet r = s.executeQuery()) {
            r.next();
            sequence = r.getLong(1);
        }
        String prevHash = AuditChain.GENESIS;
        try (PreparedStatement s = c.prepareStatement("SELECT entry_hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
             ResultSet r = s.executeQuery()) {
            if (r.next() && r.getString(1) != null) prevHash = r.getString(1);
        }
        String entryHash = AuditChain.hash(new AuditEntry(sequence, Instant.ofEpochMilli(at), model, version, from, to, actor,
                reason, runId, evidence), prevHash);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (sequence, at_ms, model, version, from_stage, "
                + "to_stage, actor, reason, run_id, evidence, prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            s.setLong(1, sequence);
            s.setLong(2, at);
            s.setString(3, model);
            s.setString(4, version);
            if (from == null) s.setNull(5, Types.VARCHAR);
            else s.setString(5, from.name());
            s.setString(6, to.name());
            s.setString(7, actor);
            s.setString(8, reason);
            s.setString(9, runId);
            s.setString(10, evidence);
            s.setString(11, prevHash);
            s.setString(12, entryHash);
            s.executeUpdate();
        }
        appended.add(new AuditChain.Head(sequence, entryHash));
    }

    private static Optional<ModelVersion> select(Connection c, String model, String version) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM model_versions WHERE model = ? AND version = ?", model, version)
                .stream().findFirst();
    }

    private static List<ModelVersion> query(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setString(i + 1, args[i]);
            List<ModelVersion> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new ModelVersion(r.getString("model"), r.getString("version"), Stage.valueOf(r.getString("stage")),
                            r.getString("run_id"), r.getString("package_path"), r.getString("manifest_sha256"),
                            Instant.ofEpochMilli(r.getLong("created_at_ms")), r.getString("model_identity")));
                }
            }
            return out;
        }
    }
}
