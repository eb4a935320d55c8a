package io.pitstop.engine.policy;

/**
 * One piece of evidence: a value and where it came from, or, when it could not be measured, why not
 * (no scoring run yet, no outcomes yet). Missing evidence never fires a condition by itself.
 *
 * @param value  null when not measured
 * @param detail where the value came from, or why there is none
 */
public record Measured(Double value, String detail) {

    public static Measured of(double value, String detail) {
        return new Measured(value, detail);
    }

    public static Measured missing(String why) {
        return new Measured(null, why);
    }

    public boolean present() {
        return value != null && !value.isNaN();
    }
}
