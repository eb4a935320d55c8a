package io.pitstop.engine.predictions;

import java.util.List;
import java.util.Set;

/**
 * Reads and restores versions of a prediction table. The engine keeps Spark and Delta off its
 * classpath, so the implementation comes from the steps module as a
 * {@link io.pitstop.engine.step.SharedResource} of this type. A table is named by its location: an
 * absolute local path or a Hadoop filesystem URI ({@link io.pitstop.engine.conf.StoragePath}).
 */
public interface PredictionTables {

    /** Whether a Delta table is at the location. */
    boolean isTable(String table);

    /** Every version of the table, newest first. */
    List<TableVersion> history(String table);

    /**
     * Makes {@code version}'s rows the table's current rows in one new commit (the versions in between
     * stay readable by time travel).
     *
     * @return the new version
     */
    long restore(String table, long version);

    /**
     * Erases the rows whose {@code keyColumn} (null: the table's first column, where scoring writes the
     * key) equals one of {@code keys} as text: one Delta DELETE commit (carrying {@code commitNote} as its
     * userMetadata), then every data file the new current version does not reference is deleted from
     * disk, so no older version's files still hold them. Time travel to the versions before ends. When
     * neither the current version nor any older file holds a key, nothing is written.
     *
     * @throws ErasureRefusedException for a column the table does not have; nothing written
     * @throws IllegalStateException   when a file on disk still holds a key afterwards
     */
    ErasedRows erase(String table, String keyColumn, Set<String> keys, String commitNote);
}
