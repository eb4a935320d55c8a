package io.pitstop.steps.profile;

/**
 * How many rows a profile computes its distributions from, as a function of the data's row count:
 * every row up to {@code floor}; above it, {@code share} of the rows, but never fewer than {@code floor}
 * nor more than {@code cap}.
 *
 * <p>Why it follows the data: the sample is read in a pass of its own and then exploded into one entry
 * per column and grouped, so a fixed half a million rows cost as much as a whole scan of 3 M rows
 * (issue 15). What the sample estimates needs far fewer: a share has a standard error of at most
 * 0.5/sqrt(n), 0.16 percentage points at 100,000 rows, and drift's PSI over 21 bins has a noise floor of
 * about 20/n, 0.0002 at 100,000 rows, both far below what the drift thresholds resolve. The default:
 * <pre>
 *   rows        sampled
 *   7,043       7,043 (every row)
 *   1,000,000   100,000
 *   3,000,000   150,000
 *   10,000,000  500,000
 *   50,000,000  500,000
 * </pre>
 *
 * @param floor every row is profiled up to this many; above it, at least this many are
 * @param cap   the most rows ever profiled
 * @param share the part of the rows profiled between floor and cap
 */
public record SampleSize(long floor, long cap, double share) {

    /** Every row up to 100,000; then 5% of the rows, between 100,000 and 500,000. */
    public static final SampleSize DEFAULT = new SampleSize(100_000, 500_000, 0.05);

    /** The smallest floor: below it a sample's shares would be too coarse for drift's bins. */
    static final long MIN_FLOOR = 1_000;

    public SampleSize {
        if (floor < MIN_FLOOR) throw new IllegalArgumentException("the sample's floor must be at least " + MIN_FLOOR
                + " rows, found " + floor);
        if (cap < floor) throw new IllegalArgumentException("the sample's cap (" + cap + ") is below its floor (" + floor + ")");
        if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("the sampled share must be in [0, 1], found " + share);
    }

    /** A sample of exactly {@code rows} (every row when there are fewer), whatever the data's size. */
    public static SampleSize atMost(long rows) {
        return new SampleSize(rows, rows, 0);
    }

    /** How many rows to profile out of {@code rows}: all of them, or the sample's size. */
    public long rowsFor(long rows) {
        if (rows <= floor) return rows;
        return Math.max(floor, Math.min(cap, Math.round(rows * share)));
    }

    /** The fraction of the rows a uniform sample keeps; 1 when every row is profiled. */
    public double fractionOf(long rows) {
        long sampled = rowsFor(rows);
        return sampled >= rows ? 1.0 : (double) sampled / rows;
    }
}
