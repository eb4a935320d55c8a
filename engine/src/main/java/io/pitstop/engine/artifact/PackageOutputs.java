package io.pitstop.engine.artifact;

import java.nio.file.Path;

/**
 * The outputs of the step that builds a model package: read by promotion, by a scoring rehearsal
 * with the run's candidate, and by {@code ./pitstop reproduce} (which finds the run's package by
 * {@link #PACKAGE}). The package's own parts are {@link io.pitstop.engine.pkg.PackageLayout}.
 */
public final class PackageOutputs {

    /** The package directory as built (signed, verified when opened). */
    public static final Artifact<Path> PACKAGE = Artifact.location("package");
    /** The same package as one zip file. */
    public static final Artifact<Path> ARCHIVE = Artifact.location("package_archive");
    /**
     * Where the package was published, a path or a URI (e.g. {@code hdfs://...}): read it with
     * {@link io.pitstop.engine.step.Upstream#find(Artifact)}, since a URI is no local path.
     */
    public static final Artifact<String> LOCATION = Artifact.of("package_location", Path::toString);
    /** The version the package was given, e.g. {@code 1.2.0}: a value, read with {@code find}. */
    public static final Artifact<String> MODEL_VERSION = Artifact.of("model_version", Path::toString);

    private PackageOutputs() {
    }
}
