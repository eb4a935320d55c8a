package io.pitstop.engine.registry;

/**
 * The production version changed after the quality gate compared against it (another run or a
 * person promoted or rolled back in between): the promotion is refused, production is untouched.
 */
public final class ChampionChangedException extends ProductionChangedException {

    public ChampionChangedException(String model, String version, String expected, String actual, AuditEntry changedBy) {
        super(model, version, expected, actual, changedBy, "refusing to promote " + model + " " + version + ": the gate compared it with "
                + (expected == null ? "no champion" : "champion " + expected) + ", but production is now "
                + (actual == null ? "empty" : actual) + winner(changedBy)
                + " (changed since the gate ran); re-run the pipeline to gate against it");
    }
}
