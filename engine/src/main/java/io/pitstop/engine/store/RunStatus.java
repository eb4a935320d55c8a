package io.pitstop.engine.store;

/**
 * How a run ended; STOPPED means a step (the gate) decided to release nothing, which is not a failure.
 * DIED means the process running it was killed (or crashed) without recording an end: a later command
 * on the same host saw the owner gone ({@link ProcessOwner}). A died run resumes like a failed one.
 */
public enum RunStatus {
    RUNNING, SUCCEEDED, FAILED, STOPPED, DIED
}
