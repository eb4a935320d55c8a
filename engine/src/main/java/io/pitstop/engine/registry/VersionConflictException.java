package io.pitstop.engine.registry;

/**
 * A version was registered again with a different package: a version number names exactly one
 * package forever, so the second registration is refused rather than silently replacing the first.
 */
public final class VersionConflictException extends RegistryException {

    private final String registeredSha256;
    private final String offeredSha256;

    public VersionConflictException(String model, String version, String registeredSha256, String offeredSha256) {
        super(model, version, "model " + model + " version " + version + " is already registered with manifest sha256 "
                + registeredSha256 + "; refusing a different package (manifest sha256 " + offeredSha256
                + "). Release it under a new version instead.");
        this.registeredSha256 = registeredSha256;
        this.offeredSha256 = offeredSha256;
    }

    public String registeredSha256() {
        return registeredSha256;
    }

    public String offeredSha256() {
        return offeredSha256;
    }
}
