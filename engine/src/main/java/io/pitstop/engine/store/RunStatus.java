package io.pitstop.engine.store;

/** How a run ended; STOPPED means a step (the gate) decided to release nothing, which is not a failure. */
public enum RunStatus {
    RUNNING, SUCCEEDED, FAILED, STOPPED
}
