package io.pitstop.steps.drift;

/**
 * Population stability index: the sum over bins of (actual − expected) · ln(actual / expected), with
 * both shares floored at {@link #FLOOR} so an empty bin on either side costs a large but finite amount.
 * Below 0.1 is conventionally "no real shift", above 0.25 "significant".
 */
public final class Psi {

    static final double FLOOR = 1e-4;

    private Psi() {
    }

    public static double of(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("bins differ: " + expected.length + " expected, " + actual.length + " actual");
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], FLOOR);
            double a = Math.max(actual[i], FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
