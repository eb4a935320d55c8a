package io.pitstop.engine.init;

import java.math.BigDecimal;

/**
 * The range check {@code init} writes for a numeric column: the observed [min, max] widened by half
 * its span on each side ({@link #MARGIN}), so tomorrow's data, which will not hit exactly today's
 * extremes, still passes, while a value off by a unit (cents for dollars, grams for kilograms) or a
 * sign does not. The bounds are rounded outward to a round step (the power of ten below the margin),
 * and a column Deequ found non-negative keeps 0 as its floor. Deequ's own {@code HasMin}/{@code HasMax}
 * suggestions are the exact training extremes, which any new row beyond them would break; that is why
 * this does not use them.
 */
record WidenedRange(BigDecimal min, BigDecimal max) {

    /** Share of the observed span added below the minimum and above the maximum. */
    static final double MARGIN = 0.5;

    static WidenedRange of(double min, double max, boolean nonNegative) {
        double span = max - min;
        // A constant column has no span: widen by half its magnitude, at least 1.
        double pad = span > 0 ? span * MARGIN : Math.max(Math.abs(min) * MARGIN, 1);
        BigDecimal step = BigDecimal.ONE.scaleByPowerOfTen((int) Math.floor(Math.log10(pad)));
        BigDecimal lo = roundTo(min - pad, step, java.math.RoundingMode.FLOOR);
        BigDecimal hi = roundTo(max + pad, step, java.math.RoundingMode.CEILING);
        if (nonNegative && lo.signum() < 0) lo = BigDecimal.ZERO;
        return new WidenedRange(lo, hi);
    }

    private static BigDecimal roundTo(double value, BigDecimal step, java.math.RoundingMode mode) {
        return new BigDecimal(value).divide(step, 0, mode).multiply(step).stripTrailingZeros();
    }

    static String text(BigDecimal bound) {
        return bound.signum() == 0 ? "0" : bound.toPlainString();
    }
}
