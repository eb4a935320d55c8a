package io.pitstop.engine.registry;

/** A transition named a model version that was never registered. */
public final class UnknownVersionException extends RegistryException {

    public UnknownVersionException(String model, String version) {
        super(model, version, "model " + model + " has no registered version " + version);
    }
}
