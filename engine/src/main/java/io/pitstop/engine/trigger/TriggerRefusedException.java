package io.pitstop.engine.trigger;

/** A tag trigger that cannot run as asked: nothing was run. */
public final class TriggerRefusedException extends RuntimeException {
    public TriggerRefusedException(String message) {
        super(message);
    }
}
