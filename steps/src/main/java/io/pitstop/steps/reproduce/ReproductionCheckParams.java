package io.pitstop.steps.reproduce;

/**
 * Parameters of {@code reproduce.compare}, which {@code ./pitstop reproduce} appends to the pipeline
 * it rebuilds a model with; nobody needs to write it by hand.
 *
 * @param packageDir the released package the rebuilt model is compared with (absolute, or relative
 *                   to the project)
 */
public record ReproductionCheckParams(String packageDir) {

    public ReproductionCheckParams {
        if (packageDir == null || packageDir.isBlank()) {
            throw new IllegalArgumentException("package_dir: the package to compare the rebuilt model with is required");
        }
    }
}
