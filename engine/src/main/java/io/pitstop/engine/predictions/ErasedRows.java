package io.pitstop.engine.predictions;

/**
 * What a table erasure did, in counts only: it never holds a key value, so it can go into the audit
 * log and the console as it is.
 *
 * @param keyColumn        the column the keys were matched against
 * @param currentRows      rows of the current version that held a key and were deleted
 * @param olderFileRows    rows holding a key in data files the current version did not reference (older
 *                         versions' files), before they were removed
 * @param versionBefore    the table's version when the erasure started
 * @param versionAfter     its version after the DELETE (equal to {@code versionBefore} when the current
 *                         version held no key); Delta may log the VACUUM as further versions
 * @param filesRemoved     data files deleted from disk
 * @param logFilesNamingKeys Delta log files (commits in JSON, checkpoints in Parquet) that still name a key as a
 *                         value, in the per-file statistics (minimum, maximum) of a table that kept statistics on
 *                         its key column, compared in the column's type.
 *                         Commits are immutable; Delta deletes them only when they pass the table's log
 *                         retention ({@code delta.logRetentionDuration}) at a checkpoint. Tables scoring
 *                         writes keep statistics on {@code score} only, so this is 0 for them.
 */
public record ErasedRows(String keyColumn, long currentRows, long olderFileRows, long versionBefore, long versionAfter,
                         int filesRemoved, int logFilesNamingKeys) {

    /** Whether any row was found, now or in older files: otherwise nothing was written. */
    public boolean found() {
        return currentRows > 0 || olderFileRows > 0;
    }
}
