package io.pitstop.engine.artifact;

import java.nio.file.Path;

/**
 * The outputs of a step that commits predictions to a Delta table: the table and the version it
 * committed (or, when reused from the cache, the version it reads now). Read by lineage events,
 * which name the table with its version.
 */
public final class PredictionTableOutputs {

    /** The table, a path or a URI: read it with {@link io.pitstop.engine.step.Upstream#find(Artifact)}. */
    public static final Artifact<String> TABLE = Artifact.of("predictions_table", Path::toString);
    /** The Delta version of the table, e.g. {@code 3}: a value, read with {@code find}. */
    public static final Artifact<String> VERSION = Artifact.of("table_version", Path::toString);

    private PredictionTableOutputs() {
    }
}
