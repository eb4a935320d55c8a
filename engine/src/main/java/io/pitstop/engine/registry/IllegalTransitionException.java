package io.pitstop.engine.registry;

/**
 * A stage change the registry does not allow. Versions move forward only: STAGING and ARCHIVED
 * versions may go to PRODUCTION (a rollback re-promotes an archived one), any version may be
 * archived, and nothing goes back to STAGING.
 */
public final class IllegalTransitionException extends RegistryException {

    private final Stage from;
    private final Stage to;

    public IllegalTransitionException(String model, String version, Stage from, Stage to) {
        super(model, version, "model " + model + " version " + version + " cannot move from " + from + " to " + to
                + ": only promotion to PRODUCTION and archiving are allowed");
        this.from = from;
        this.to = to;
    }

    public Stage from() {
        return from;
    }

    public Stage to() {
        return to;
    }
}
