package io.pitstop.engine.registry;

/** A rollback with nowhere to go: nothing in production, or the current version was the first. */
public final class NothingToRollBackException extends RegistryException {

    public NothingToRollBackException(String model, String message) {
        super(model, null, message);
    }
}
