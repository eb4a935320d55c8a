package io.pitstop.engine.registry;

import java.util.Locale;

/**
 * A transition named the production version it expected (the one its caller saw when it decided),
 * and production had changed underneath by the time the transaction ran: nothing changed. The message
 * says who won, from the audit entry that last moved production, so the caller can look before trying
 * again. Every transition is such a compare-and-set: rollback, approval, retention and promotion
 * ({@link ChampionChangedException}). The CLI exits with {@code 4} ({@code EXIT_CONFLICT}).
 */
public class ProductionChangedException extends RegistryException {

    private final String expected;
    private final String actual;
    private final AuditEntry changedBy;

    public ProductionChangedException(String operation, String model, String version, String expected, String actual,
                                      AuditEntry changedBy) {
        this(model, version, expected, actual, changedBy, operation + " refused: it expected "
                + describe(model, expected) + ", but production is now " + (actual == null ? "empty" : actual)
                + winner(changedBy) + "; nothing changed. See `pitstop models history " + model + "`, then run again if still wanted");
    }

    protected ProductionChangedException(String model, String version, String expected, String actual, AuditEntry changedBy,
                                         String message) {
        super(model, version, message);
        this.expected = expected;
        this.actual = actual;
        this.changedBy = changedBy;
    }

    /** The production version the caller expected; null: none. */
    public String expected() {
        return expected;
    }

    /** The production version found; null: none. */
    public String actual() {
        return actual;
    }

    /** The audit entry that last moved production (the winner), if the log has one. */
    public AuditEntry changedBy() {
        return changedBy;
    }

    static String describe(String model, String production) {
        return production == null ? "no version of " + model + " in production" : model + " " + production + " in production";
    }

    /** " (changed by alice at 2026-…: rollback from 1.2.0, audit entry 9)". */
    static String winner(AuditEntry e) {
        if (e == null) return "";
        return " (changed by " + e.actor() + " at " + e.at() + ": " + e.version() + " "
                + (e.from() == null ? "-" : e.from().name().toLowerCase(Locale.ROOT)) + " -> " + e.to().name().toLowerCase(Locale.ROOT)
                + (e.reason() == null ? "" : ", \"" + e.reason() + "\"") + ", audit entry " + e.sequence() + ")";
    }
}
