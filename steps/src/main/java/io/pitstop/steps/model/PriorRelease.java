package io.pitstop.steps.model;

import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.step.StepContext;

import java.util.Optional;

/**
 * The release a new model builds on: the newest registered version holding a <em>different</em>
 * model. Versions holding this very model are this pipeline's own earlier result (a re-run with
 * nothing changed), so they must not change the cache keys of the gate and the package step —
 * otherwise every re-run would re-gate the model against itself and re-package it as a patch.
 */
public final class PriorRelease {

    private PriorRelease() {
    }

    /**
     * The registered version this model builds on. The registry records each version's model identity,
     * so no old package is opened; only versions registered before that was recorded are looked up in
     * their package (and must then verify).
     */
    public static Optional<ModelVersion> of(StepContext ctx, String modelIdentity) {
        for (ModelVersion v : ctx.registry().versions(ctx.model().name())) {
            if (!modelIdentity.equals(identity(ctx, v))) return Optional.of(v);
        }
        return Optional.empty();
    }

    /** The model identity of a registered version. */
    public static String identity(StepContext ctx, ModelVersion v) {
        if (v.modelIdentity() != null) return v.modelIdentity();
        return PackageStore.of(ctx.profile()).open(v.packagePath(), PackageKeys.of(ctx.profile())).lineage()
                .modelIdentity();
    }

    /** A cache-key value naming a registered package exactly. */
    public static String key(ModelVersion v) {
        return v.model() + "@" + v.version() + ":" + v.manifestSha256();
    }

    /** The cache-key value of the release a model builds on, or "none" for a first release. */
    public static String keyOf(StepContext ctx, String modelIdentity) {
        return of(ctx, modelIdentity).map(PriorRelease::key).orElse("none");
    }
}
