package io.pitstop.engine.registry;

/** A registry request that cannot be honoured as asked; names the model and version concerned. */
public class RegistryException extends RuntimeException {

    private final String model;
    private final String version;

    public RegistryException(String model, String version, String message) {
        super(message);
        this.model = model;
        this.version = version;
    }

    public String model() {
        return model;
    }

    public String version() {
        return version;
    }
}
