package io.pitstop.engine.step;

import java.nio.file.Path;
import java.util.Map;

/**
 * A step kind that compares a rebuilt model with a released package and reports it as the
 * {@code reproduction} report ({@link io.pitstop.engine.artifact.ReproductionReport}).
 * {@code ./pitstop reproduce} appends it after the rebuilt steps.
 */
public interface ReproductionCheck {

    /** The {@code with:} block that compares with the package at {@code packageDir}, verified with {@code publicKey}. */
    Map<String, Object> comparingWith(Path packageDir, Path publicKey);
}
