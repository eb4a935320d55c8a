package io.pitstop.engine.predictions;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads and restores versions of a prediction table. The engine keeps Spark and Delta off its
 * classpath, so the implementation comes from the steps module as a
 * {@link io.pitstop.engine.step.SharedResource} of this type.
 */
public interface PredictionTables {

    /** Every version of the table, newest first. */
    List<TableVersion> history(Path table);

    /**
     * Makes {@code version}'s rows the table's current rows in one new commit (the versions in between
     * stay readable by time travel).
     *
     * @return the new version
     */
    long restore(Path table, long version);
}
