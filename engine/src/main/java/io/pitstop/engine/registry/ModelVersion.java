package io.pitstop.engine.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One registered version of a model and the package that holds it.
 *
 * @param modelIdentity a hash of the trained model (null for versions registered without one)
 */
public record ModelVersion(
        String model,
        String version,
        Stage stage,
        String runId,
        String packagePath,
        String manifestSha256,
        Instant createdAt,
        String modelIdentity) {

    public ModelVersion {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(packagePath, "packagePath");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public ModelVersion(String model, String version, Stage stage, String runId, String packagePath, String manifestSha256,
                        Instant createdAt) {
        this(model, version, stage, runId, packagePath, manifestSha256, createdAt, null);
    }
}
