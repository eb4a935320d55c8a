package io.pitstop.engine.policy;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.artifact.RealisedPerformance.Estimate;
import io.pitstop.engine.artifact.RealisedPerformance.Group;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two versions compared on their own keys. The expected statistics were computed independently (Python's
 * math.erfc and the Hanley-McNeil formula written out there), not with this class.
 */
public class VersionComparisonTest {

    public static Group version(String version, long judged, long positives, double auc, double logLoss, double logLossSd) {
        return new Group(version, null, null, null, null, judged, 50, positives,
                new Estimate(auc, Double.NaN, Double.NaN, "hanley_mcneil"), logLoss, logLossSd,
                new Estimate((double) positives / judged, Double.NaN, Double.NaN, "wilson"),
                new Estimate(0.3, Double.NaN, Double.NaN, "wilson"), 0.27, List.of());
    }

    public static RealisedPerformance report(Group... versions) {
        return report("churn", versions);
    }

    public static RealisedPerformance report(String model, Group... versions) {
        return new RealisedPerformance(RealisedPerformance.FORMAT_VERSION, model, "Yes", "tables/p", "tables/o", 3,
                1000, Instant.parse("2026-12-01T00:00:00Z"), 0, List.of(), List.of(versions), List.of(), List.of());
    }

    @Test
    void aClearlyBetterCanaryWinsWithItsPValue() {
        var c = VersionComparison.of(report(version("1.0.0", 400, 100, 0.70, 0.55, 0.6),
                version("1.1.0", 400, 100, 0.85, 0.45, 0.5)), "1.0.0", "1.1.0", 100, 0.05);
        assertEquals(VersionComparison.Verdict.B_BETTER, c.verdict());
        assertEquals(0.15, c.auc().difference(), 1e-12);
        assertEquals(0.04088685790355574, c.auc().standardError(), 1e-12);
        assertEquals(3.668660486306413, c.auc().z(), 1e-9);
        assertEquals(0.00024382461855128744, c.auc().pValue(), 1e-7);
        assertEquals(-2.5607375986579206, c.logLoss().z(), 1e-9);
        assertEquals(0.010445021384964202, c.logLoss().pValue(), 1e-7);
        assertFalse(c.bSignificantlyWorse());
        assertTrue(c.explanation().startsWith("1.1.0 has the higher realised AUC (0.8500 against 0.7000, p = 0.0002438"),
                c.explanation());
        // The same evidence read the other way round: the champion is significantly worse.
        var reversed = VersionComparison.of(report(version("1.0.0", 400, 100, 0.85, 0.45, 0.5),
                version("1.1.0", 400, 100, 0.70, 0.55, 0.6)), "1.0.0", "1.1.0", 100, 0.05);
        assertEquals(VersionComparison.Verdict.A_BETTER, reversed.verdict());
        assertTrue(reversed.bSignificantlyWorse());
    }

    @Test
    void aSmallDifferenceIsNotSignificantAndNoWinnerIsCalled() {
        var c = VersionComparison.of(report(version("1.0.0", 400, 100, 0.80, 0.5, 0.5),
                version("1.1.0", 400, 100, 0.82, 0.5, 0.5)), "1.0.0", "1.1.0", 100, 0.05);
        assertEquals(VersionComparison.Verdict.NO_SIGNIFICANT_DIFFERENCE, c.verdict());
        assertEquals(0.5089719792131423, c.auc().z(), 1e-9);
        assertEquals(0.6107718651673371, c.auc().pValue(), 1e-7);
        assertFalse(c.bSignificantlyWorse());
        assertTrue(c.explanation().contains("p = 0.6108 >= 0.05"), c.explanation());
    }

    @Test
    void belowTheMinimumCountNoWinnerIsCalledHoweverLargeTheDifference() {
        var c = VersionComparison.of(report(version("1.0.0", 400, 100, 0.60, 0.6, 0.5),
                version("1.1.0", 40, 10, 0.95, 0.3, 0.4)), "1.0.0", "1.1.0", 100, 0.05);
        assertEquals(VersionComparison.Verdict.TOO_FEW_JUDGED, c.verdict());
        assertEquals("no winner called: 1.0.0 has 400 judged outcome(s) and 1.1.0 40; at least 100 each are needed",
                c.explanation());
        assertFalse(c.bSignificantlyWorse());
        // One class among a version's outcomes: no AUC, no test, no winner.
        var oneClass = VersionComparison.of(report(version("1.0.0", 400, 100, 0.8, 0.5, 0.5),
                version("1.1.0", 400, 0, Double.NaN, 0.2, 0.1)), "1.0.0", "1.1.0", 100, 0.05);
        assertNull(oneClass.auc());
        assertEquals(VersionComparison.Verdict.TOO_FEW_JUDGED, oneClass.verdict());
        assertTrue(oneClass.explanation().contains("AUC is undefined for 1.1.0"), oneClass.explanation());
    }

    @Test
    void anUnmeasuredVersionIsNamedWithTheOnesThatWere() {
        var e = assertThrows(IllegalArgumentException.class, () -> VersionComparison.of(
                report(version("1.0.0", 400, 100, 0.8, 0.5, 0.5)), "1.0.0", "2.0.0", 100, 0.05));
        assertEquals("no realised performance of churn 2.0.0 was measured; measured: [1.0.0]", e.getMessage());
        // The normal tail at the textbook point.
        assertEquals(0.05, VersionComparison.twoSidedP(1.959963984540054), 1e-6);
    }
}
