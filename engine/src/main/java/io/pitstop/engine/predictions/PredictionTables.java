package io.pitstop.engine.predictions;

import java.util.List;

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
}
