package io.pitstop.engine.store;

public enum StepStatus {
    RUNNING,
    SUCCEEDED,
    /** Not recomputed: an earlier execution with the same fingerprint succeeded and its outputs are reused. */
    CACHED,
    FAILED,
    STOPPED,
    /** Not run because an upstream step failed or stopped. */
    SKIPPED
}
