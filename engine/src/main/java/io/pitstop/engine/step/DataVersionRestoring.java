package io.pitstop.engine.step;

import io.pitstop.engine.artifact.DataVersion;

import java.util.Map;

/**
 * A step kind that brings back a recorded data version (from the DVC remote it was pushed to) and
 * produces it again as its {@code dataset} and {@code data_version}. {@code ./pitstop reproduce} puts
 * it in place of each step that recorded a version, so a rebuild reads the data the release was
 * trained on, not whatever the landing file holds today.
 */
public interface DataVersionRestoring {

    /** The {@code with:} block that restores {@code version}, as the step's parameters are written. */
    Map<String, Object> restoring(DataVersion version);
}
