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
        // One class among a version's outcomes: no AUC, no test, no winner; the per-class minimum says so first.
        var oneClass = VersionComparison.of(report(version("1.0.0", 400, 100, 0.8, 0.5, 0.5),
                version("1.1.0", 400, 0, Double.NaN, 0.2, 0.1)), "1.0.0", "1.1.0", 100, 0.05);
        assertNull(oneClass.auc());
        assertEquals(VersionComparison.Verdict.TOO_FEW_JUDGED, oneClass.verdict());
        assertTrue(oneClass.explanation().contains("1.1.0 has 0 positive(s) and 400 negative(s)"), oneClass.explanation());
    }

    @Test
    void anUnmeasuredVersionIsNamedWithTheOnesThatWere() {
        var e = assertThrows(IllegalArgumentException.class, () -> VersionComparison.of(
                report(version("1.0.0", 400, 100, 0.8, 0.5, 0.5)), "1.0.0", "2.0.0", 100, 0.05));
        assertEquals("no realised performance of churn 2.0.0 was measured; measured: [1.0.0]", e.getMessage());
        // The normal tail at the textbook point.
        assertEquals(0.05, VersionComparison.twoSidedP(1.959963984540054), 1e-6);
    }

    /** 200 judged with 4 positives is no evidence about AUC, whatever the judged count says. */
    @Test
    void belowTheMinimumOfEitherClassNoWinnerIsCalled() {
        var rare = VersionComparison.of(report(version("1.0.0", 200, 4, 0.85, 0.1, 0.3),
                version("1.1.0", 200, 4, 0.65, 0.1, 0.3)), "1.0.0", "1.1.0", 100, 30, 0.05, 0.02);
        assertEquals(VersionComparison.Verdict.TOO_FEW_JUDGED, rare.verdict());
        assertNull(rare.nonInferiority());
        assertEquals("no winner called: 1.0.0 has 4 positive(s) and 196 negative(s) among its 200 judged outcomes;"
                + " at least 30 of each class are needed per version", rare.explanation());
        // The other class counts too: 200 judged, 190 of them positive.
        var fewNegatives = VersionComparison.of(report(version("1.0.0", 400, 100, 0.8, 0.5, 0.5),
                version("1.1.0", 200, 190, 0.8, 0.5, 0.5)), "1.0.0", "1.1.0", 100, 30, 0.05, Double.NaN);
        assertEquals(VersionComparison.Verdict.TOO_FEW_JUDGED, fewNegatives.verdict());
        assertTrue(fewNegatives.explanation().contains("1.1.0 has 190 positive(s) and 10 negative(s)"),
                fewNegatives.explanation());
        // The five-argument form applies the default of 30 per class.
        assertEquals(VersionComparison.Verdict.TOO_FEW_JUDGED, VersionComparison.of(report(
                version("1.0.0", 200, 4, 0.85, 0.1, 0.3), version("1.1.0", 200, 4, 0.65, 0.1, 0.3)), "1.0.0", "1.1.0",
                100, 0.05).verdict());
    }

    /** Non-inferiority: the upper one-sided bound of a - b against the margin (expected values from Python). */
    @Test
    void nonInferiorityHoldsOnlyWhenTheUpperBoundOfTheLossIsBelowTheMargin() {
        var better = VersionComparison.of(report(version("1.0.0", 400, 100, 0.70, 0.55, 0.6),
                version("1.1.0", 400, 100, 0.85, 0.45, 0.5)), "1.0.0", "1.1.0", 100, 30, 0.05, 0.02);
        assertEquals(-0.15, better.nonInferiority().loss(), 1e-12);
        assertEquals(-0.08274710348268692, better.nonInferiority().upperBound(), 1e-6);
        assertTrue(better.nonInferiority().holds());
        // Equal AUCs on 400 judged: no significant difference, yet not shown no worse within 0.02.
        var level = VersionComparison.of(report(version("1.0.0", 400, 100, 0.80, 0.5, 0.5),
                version("1.1.0", 400, 100, 0.80, 0.5, 0.5)), "1.0.0", "1.1.0", 100, 30, 0.05, 0.02);
        assertEquals(VersionComparison.Verdict.NO_SIGNIFICANT_DIFFERENCE, level.verdict());
        assertEquals(0.06587937857646729, level.nonInferiority().upperBound(), 1e-6);
        assertFalse(level.nonInferiority().holds());
        assertTrue(level.explanation().endsWith("non-inferiority: 1.1.0 loses 0.0000 AUC against 1.0.0, upper 95% bound"
                + " 0.0659 >= margin 0.0200: not shown to be no worse than 1.0.0"), level.explanation());
        assertEquals(1.6448536269514715, VersionComparison.upperQuantile(0.05), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> VersionComparison.of(report(version("1.0.0", 400, 100, 0.8,
                0.5, 0.5), version("1.1.0", 400, 100, 0.8, 0.5, 0.5)), "1.0.0", "1.1.0", 100, 30, 0.05, -0.01));
    }

    /**
     * At AUC 1 the Hanley-McNeil variance is 0; bounded away by 1/(2n), n the smaller class, it is not. Expected
     * values from the formula at 1 - 1/60 (30 positives) and 1 - 1/200 (100 positives), computed in Python.
     */
    @Test
    void aPerfectAucHasAStandardErrorAndTwoPerfectVersionsAreSaidToBeEqual() {
        assertEquals(0.016552968756011935, VersionComparison.hanleyMcNeilStandardError(1.0, 30, 170), 1e-12);
        // At 0 (a perfect ranking reversed) the bound is 1/60; the formula is not symmetric, but the error is not 0.
        assertEquals(0.007636805803070556, VersionComparison.hanleyMcNeilStandardError(0.0, 30, 170), 1e-12);
        assertEquals(0.00499774551412353, VersionComparison.hanleyMcNeilStandardError(1.0, 100, 300), 1e-12);
        // Inside the bounds nothing changes.
        assertEquals(0.021328261458499267, VersionComparison.hanleyMcNeilStandardError(0.9, 100, 300), 1e-12);

        var both = VersionComparison.of(report(version("1.0.0", 200, 30, 1.0, 0.01, 0.02),
                version("1.1.0", 200, 30, 1.0, 0.01, 0.02)), "1.0.0", "1.1.0", 100, 30, 0.05, 0.05);
        assertEquals(VersionComparison.Verdict.NO_SIGNIFICANT_DIFFERENCE, both.verdict());
        assertEquals(0.02340943291229018, both.auc().standardError(), 1e-12);
        assertTrue(both.explanation().startsWith("both versions rank every judged positive above every negative (AUC 1"
                + " each, 200 and 200 judged); the data cannot tell them apart"), both.explanation());
        assertFalse(both.explanation().contains("undefined"), both.explanation());
        assertEquals(0.03850509063065765, both.nonInferiority().upperBound(), 1e-6);
        assertTrue(both.nonInferiority().holds(), "two perfect arms are no worse within 0.05");

        var one = VersionComparison.of(report(version("1.0.0", 400, 100, 0.9, 0.3, 0.3),
                version("1.1.0", 400, 100, 1.0, 0.01, 0.02)), "1.0.0", "1.1.0", 100, 30, 0.05, Double.NaN);
        assertEquals(0.021905985416457465, one.auc().standardError(), 1e-12);
        assertEquals(VersionComparison.Verdict.B_BETTER, one.verdict());
    }
}
