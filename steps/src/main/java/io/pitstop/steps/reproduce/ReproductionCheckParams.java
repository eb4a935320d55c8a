package io.pitstop.steps.reproduce;

/**
 * Parameters of {@code reproduce.compare}, which {@code ./pitstop reproduce} appends to the pipeline
 * it rebuilds a model with; nobody needs to write it by hand.
 *
 * @param packageDir the released package the rebuilt model is compared with (absolute, or relative
 *                   to the project)
 * @param publicKey  the public key the package must be signed by: the original project's, since the
 *                   working copy has no keys of its own; null for the profile's
 */
public record ReproductionCheckParams(String packageDir, String publicKey) {

    public ReproductionCheckParams {
        if (packageDir == null || packageDir.isBlank()) {
            throw new IllegalArgumentException("package_dir: the package to compare the rebuilt model with is required");
        }
    }
}
