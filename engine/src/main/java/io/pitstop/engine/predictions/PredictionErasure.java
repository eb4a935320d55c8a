package io.pitstop.engine.predictions;

import io.pitstop.engine.json.Json;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.run.PipelineLock;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Erases subjects from a prediction table and audits it. The order:
 * <ol>
 *   <li>refuse before writing anything: the table must have a commit by a model version the registry
 *       knows (the audit entry is recorded against it);</li>
 *   <li>take the lock of every pipeline whose runs wrote the table, the lock each scoring run holds:
 *       a scoring commit racing the DELETE could bring a subject back, and the VACUUM would delete the
 *       data files of a commit in flight;</li>
 *   <li>{@link PredictionTables#erase}: one DELETE commit, then the files no longer referenced go;</li>
 *   <li>append the audit entry: counts, the table and its versions, the operator; never a key.</li>
 * </ol>
 * A crash before the DELETE commit leaves the table as it was; after it, the current version already
 * lacks the subjects and running the same erasure again removes the older files it left and audits.
 */
public final class PredictionErasure {

    /** Reason prefix of the audit entries this writes. */
    public static final String AUDIT_REASON = "predictions erased";

    private final PredictionTables tables;
    private final Registry registry;
    private final RunStore store;
    private final Path stateDir;

    public PredictionErasure(PredictionTables tables, Registry registry, RunStore store, Path stateDir) {
        this.tables = tables;
        this.registry = registry;
        this.store = store;
        this.stateDir = stateDir;
    }

    /**
     * @param table     the table's location (already checked to be a table)
     * @param keyColumn null: the table's first column
     * @return what was erased; its {@link ErasedRows#found()} false when no key was held anywhere
     * @throws ErasureRefusedException nothing written
     */
    public Erasure erase(String table, String keyColumn, ErasureKeys keys, String actor) {
        List<TableVersion> history = tables.history(table);
        TableVersion writer = history.stream().filter(v -> v.model() != null && v.modelVersion() != null).findFirst()
                .orElseThrow(() -> new ErasureRefusedException(table + " has no commit by a scoring run (no model in its"
                        + " history), so there is no model version to audit the erasure against; nothing erased"));
        if (registry.find(writer.model(), writer.modelVersion()).isEmpty()) {
            throw new ErasureRefusedException(table + " was last scored by " + writer.model() + " " + writer.modelVersion()
                    + ", which the registry does not have; the erasure could not be audited, nothing erased");
        }
        List<PipelineLock> locks = new ArrayList<>();
        try {
            for (String pipeline : writers(history)) {
                locks.add(PipelineLock.acquire(stateDir, pipeline, "predictions erase by " + actor));
            }
            String note = Json.MAPPER.createObjectNode().set("pitstop_erasure", Json.MAPPER.createObjectNode()
                    .put("keys", keys.keys().size()).put("actor", actor)).toString();
            ErasedRows rows = tables.erase(table, keyColumn, keys.keys(), note);
            var erasure = new Erasure(table, keys.keys().size(), rows, writer.model(), writer.modelVersion());
            // Nothing held anywhere: nothing was written, so there is nothing to audit.
            if (!rows.found()) return erasure;
            registry.recordErasure(writer.model(), writer.modelVersion(), actor, erasure.auditReason(), table);
            return erasure;
        } finally {
            for (PipelineLock lock : locks) lock.close();
        }
    }

    /** The pipelines whose runs committed to the table, sorted (every erasure takes their locks in one order). */
    private List<String> writers(List<TableVersion> history) {
        var names = new TreeSet<String>();
        for (TableVersion v : history) {
            if (v.runId() == null) continue;
            store.findRun(v.runId()).map(RunRecord::pipeline).filter(Objects::nonNull).ifPresent(names::add);
        }
        return List.copyOf(names);
    }

    /**
     * One erasure's outcome, without key values.
     *
     * @param keys    how many distinct keys were asked for
     * @param model   the model (and version) the audit entry is recorded against: the table's newest scorer
     */
    public record Erasure(String table, int keys, ErasedRows rows, String model, String modelVersion) {

        /** The audit entry's reason: what was erased and what it ended, in counts. */
        public String auditReason() {
            return AUDIT_REASON + ": " + keys + " key" + (keys == 1 ? "" : "s") + " requested (column "
                    + rows.keyColumn() + "); " + rows.currentRows() + " rows deleted from table version "
                    + rows.versionBefore() + (rows.versionAfter() != rows.versionBefore()
                    ? " as version " + rows.versionAfter() : "") + ", " + rows.olderFileRows()
                    + " rows in older versions' files; " + rows.filesRemoved()
                    + " data files removed; time travel to versions before " + rows.versionAfter() + " ended"
                    + (rows.logFilesNamingKeys() == 0 ? "" : "; " + rows.logFilesNamingKeys()
                    + " Delta log files still name a key in file statistics until the log retention drops them");
        }
    }
}
