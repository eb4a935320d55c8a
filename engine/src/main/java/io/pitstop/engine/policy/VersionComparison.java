package io.pitstop.engine.policy;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.artifact.RealisedPerformance.Group;

import java.util.Locale;
import java.util.Optional;

/**
 * Two model versions' realised performance, each on its own keys (a batch canary's arms, or two versions
 * that scored in turn), compared with tests for two independent samples:
 * <ul>
 *   <li>AUC, which decides: the difference over the square root of the two Hanley-McNeil (1982) variances,
 *       a two-sided z-test. The arms share no key, so no covariance term (that is DeLong's, for one sample
 *       scored by both models);</li>
 *   <li>log-loss, reported beside it: the difference of the mean cross-entropies over the root of the two
 *       squared standard errors (Welch's statistic, read as a z-test: arms of a hundred judged and up).</li>
 * </ul>
 * Below {@code minJudged} judged outcomes in either arm, or below {@code minPerClass} positives or negatives in
 * either arm, no winner is called: a canary of twelve outcomes shows an AUC difference of 0.1 by chance alone,
 * and an arm of 200 judged with 4 positives carries an AUC standard error near 0.15 whatever the total.
 * <p>
 * A two-sided "no significant difference" is not "no worse": too little evidence passes it. What a gate holds
 * a canary to is the one-sided non-inferiority test ({@link NonInferiority}): the upper confidence bound, at
 * {@code alpha}, of the loss {@code a - b} must be below the declared {@code margin}.
 *
 * @param a          the first version (the champion, usually)
 * @param b          the second (the challenger)
 * @param auc        the AUC test, difference {@code b - a}; null when not computed
 * @param logLoss    the log-loss test, difference {@code b - a} (negative: b is better); null when not computed
 * @param minPerClass    the fewest positives, and the fewest negatives, each version needs before any verdict
 * @param margin         the AUC loss a canary may have and still count as no worse; NaN: none declared
 * @param nonInferiority the non-inferiority test of {@code b} against {@code a}; null without a margin, below the
 *                       minimum counts, or when the AUC test is undefined
 * @param verdict    what the two-sided AUC test says at {@code alpha}
 * @param explanation one sentence saying why
 */
public record VersionComparison(String model, Arm a, Arm b, long minJudged, long minPerClass, double alpha,
                                double margin, Test auc, Test logLoss, NonInferiority nonInferiority, Verdict verdict,
                                String explanation) {

    /** The fewest judged outcomes per version before a winner may be called, unless told otherwise. */
    public static final long DEFAULT_MIN_JUDGED = 100;
    /**
     * The fewest positives, and negatives, per version: the AUC's variance is driven by the smaller class, so a
     * count of judged outcomes alone says nothing at a 2% positive rate.
     */
    public static final long DEFAULT_MIN_PER_CLASS = 30;
    public static final double DEFAULT_ALPHA = 0.05;
    /** The AUC loss a canary may show and still be no worse than the champion, unless told otherwise. */
    public static final double DEFAULT_MARGIN = 0.02;

    /**
     * One-sided non-inferiority of {@code b} against {@code a}: the loss {@code a - b} in AUC, the upper bound of
     * its one-sided {@code 1 - alpha} confidence interval, and whether that bound is below {@code margin}.
     */
    public record NonInferiority(double loss, double upperBound, double margin, double alpha, boolean holds) {
        static NonInferiority of(Test auc, double margin, double alpha) {
            double loss = 0.0 - auc.difference(); // 0.0 -, not -: a loss of nothing prints as 0.0000, not -0.0000
            double upper = loss + upperQuantile(alpha) * auc.standardError();
            return new NonInferiority(loss, upper, margin, alpha, upper < margin);
        }

        /** One sentence: the bound against the margin. */
        public String describe(String a, String b) {
            return String.format(Locale.ROOT, "%s loses %.4f AUC against %s, upper %.0f%% bound %.4f %s margin %.4f:"
                    + " %s", b, loss, a, (1 - alpha) * 100, upperBound, holds ? "<" : ">=", margin,
                    holds ? "no worse than " + a : "not shown to be no worse than " + a);
        }
    }

    public enum Verdict { A_BETTER, B_BETTER, NO_SIGNIFICANT_DIFFERENCE, TOO_FEW_JUDGED }

    /** One version's numbers, from its {@code by_model_version} group. */
    public record Arm(String version, long judged, long waiting, long positives, double auc, double logLoss,
                      double logLossSd) {
        static Arm of(Group g) {
            return new Arm(g.modelVersion(), g.judged(), g.waiting(), g.positives(),
                    g.auc() == null ? Double.NaN : g.auc().value(), g.logLoss(), g.logLossSd());
        }
    }

    /** A difference {@code b - a}, its standard error, the z statistic and the two-sided p-value. */
    public record Test(double difference, double standardError, double z, double pValue, String method) {
        static Test of(double difference, double standardError, String method) {
            double z = difference / standardError;
            return new Test(difference, standardError, z, twoSidedP(z), method);
        }
    }

    /**
     * Compares versions {@code a} and {@code b} as {@code report} measured them.
     *
     * @throws IllegalArgumentException naming the versions the report has, when it has no group for one
     */
    public static VersionComparison of(RealisedPerformance report, String a, String b, long minJudged, double alpha) {
        return of(report, a, b, minJudged, DEFAULT_MIN_PER_CLASS, alpha, Double.NaN);
    }

    /**
     * Compares versions {@code a} and {@code b}, and, when {@code margin} is a number, tests {@code b}'s
     * non-inferiority to {@code a}.
     *
     * @throws IllegalArgumentException naming the versions the report has, when it has no group for one
     */
    public static VersionComparison of(RealisedPerformance report, String a, String b, long minJudged, long minPerClass,
                                       double alpha, double margin) {
        if (minPerClass < 1) throw new IllegalArgumentException("the minimum count per class must be at least 1, was "
                + minPerClass);
        if (!Double.isNaN(margin) && !(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("the non-inferiority margin must be in [0, 1), was " + margin);
        }
        if (minJudged < 1) throw new IllegalArgumentException("the minimum judged count must be at least 1, was " + minJudged);
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        if (a.equals(b)) throw new IllegalArgumentException("compare two different versions, not " + a + " with itself");
        Arm first = Arm.of(group(report, a));
        Arm second = Arm.of(group(report, b));
        Test aucTest = null;
        double seA = aucStandardError(first);
        double seB = aucStandardError(second);
        if (!Double.isNaN(seA) && !Double.isNaN(seB) && seA + seB > 0) {
            aucTest = Test.of(second.auc() - first.auc(), Math.sqrt(seA * seA + seB * seB), "hanley_mcneil_z");
        }
        Test logLossTest = null;
        if (!Double.isNaN(first.logLossSd()) && !Double.isNaN(second.logLossSd())) {
            double se = Math.sqrt(first.logLossSd() * first.logLossSd() / first.judged()
                    + second.logLossSd() * second.logLossSd() / second.judged());
            if (se > 0) logLossTest = Test.of(second.logLoss() - first.logLoss(), se, "welch_z");
        }
        long fewest = Math.min(first.judged(), second.judged());
        Arm thin = fewestOfAClass(first) <= fewestOfAClass(second) ? first : second;
        Verdict verdict;
        String why;
        NonInferiority ni = null;
        if (fewest < minJudged) {
            verdict = Verdict.TOO_FEW_JUDGED;
            why = String.format(Locale.ROOT, "no winner called: %s has %d judged outcome(s) and %s %d; at least %d each"
                    + " are needed", a, first.judged(), b, second.judged(), minJudged);
        } else if (fewestOfAClass(thin) < minPerClass) {
            verdict = Verdict.TOO_FEW_JUDGED;
            why = String.format(Locale.ROOT, "no winner called: %s has %d positive(s) and %d negative(s) among its %d"
                    + " judged outcomes; at least %d of each class are needed per version", thin.version(),
                    thin.positives(), thin.judged() - thin.positives(), thin.judged(), minPerClass);
        } else if (aucTest == null) {
            verdict = Verdict.TOO_FEW_JUDGED;
            why = "no winner called: the AUC is undefined for " + (Double.isNaN(seA) ? a : b)
                    + " (its judged outcomes are of one class)";
        } else if (first.auc() == 1 && second.auc() == 1) {
            // Both rank every judged positive above every negative: equal, and the data cannot tell them apart.
            verdict = Verdict.NO_SIGNIFICANT_DIFFERENCE;
            why = String.format(Locale.ROOT, "both versions rank every judged positive above every negative (AUC 1 each,"
                    + " %d and %d judged); the data cannot tell them apart", first.judged(), second.judged());
        } else if (aucTest.pValue() < alpha) {
            verdict = aucTest.difference() > 0 ? Verdict.B_BETTER : Verdict.A_BETTER;
            why = String.format(Locale.ROOT, "%s has the higher realised AUC (%.4f against %.4f, p = %.4g < %.2f)",
                    verdict == Verdict.B_BETTER ? b : a, Math.max(first.auc(), second.auc()),
                    Math.min(first.auc(), second.auc()), aucTest.pValue(), alpha);
        } else {
            verdict = Verdict.NO_SIGNIFICANT_DIFFERENCE;
            why = String.format(Locale.ROOT, "no significant difference in realised AUC (%.4f for %s, %.4f for %s,"
                    + " p = %.4g >= %.2f)", first.auc(), a, second.auc(), b, aucTest.pValue(), alpha);
        }
        if (verdict != Verdict.TOO_FEW_JUDGED && !Double.isNaN(margin)) {
            ni = NonInferiority.of(aucTest, margin, alpha);
            why = why + "; non-inferiority: " + ni.describe(a, b);
        }
        return new VersionComparison(report.model(), first, second, minJudged, minPerClass, alpha, margin, aucTest,
                logLossTest, ni, verdict, why);
    }

    /** Whether {@code b} is significantly worse than {@code a}: what a gate holds a canary to. */
    public boolean bSignificantlyWorse() {
        return verdict == Verdict.A_BETTER;
    }

    private static Group group(RealisedPerformance report, String version) {
        Optional<Group> g = report.byModelVersion().stream().filter(x -> version.equals(x.modelVersion())).findFirst();
        return g.orElseThrow(() -> new IllegalArgumentException("no realised performance of " + report.model() + " "
                + version + " was measured; measured: " + report.byModelVersion().stream().map(Group::modelVersion).toList()));
    }

    private static long fewestOfAClass(Arm arm) {
        return Math.min(arm.positives(), arm.judged() - arm.positives());
    }

    private static double aucStandardError(Arm arm) {
        return hanleyMcNeilStandardError(arm.auc(), arm.positives(), arm.judged() - arm.positives());
    }

    /**
     * Hanley and McNeil's (1982) standard error of an AUC from the counts of positives and negatives; NaN
     * when the AUC is undefined (one class only).
     * <p>
     * At an AUC of exactly 0 or 1 the formula's variance is 0, which would make a perfect ranking on 30 positives
     * as certain as one on a million. So the AUC is first bounded away from 0 and 1 by {@code 1/(2n)}, with n the
     * smaller class count (positives or negatives, whichever is fewer): the half-step below the smallest
     * non-perfect value a class of n can show, the usual continuity correction for a proportion at its bound.
     */
    public static double hanleyMcNeilStandardError(double auc, long positives, long negatives) {
        if (Double.isNaN(auc) || positives <= 0 || negatives <= 0) return Double.NaN;
        double bound = 1.0 / (2.0 * Math.min(positives, negatives));
        auc = Math.min(Math.max(auc, bound), 1 - bound);
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
                / ((double) positives * negatives);
        return Math.sqrt(Math.max(0, variance));
    }

    /** P(|Z| >= |z|) for a standard normal Z. */
    static double twoSidedP(double z) {
        return erfc(Math.abs(z) / Math.sqrt(2));
    }

    /** The z with P(Z >= z) = p for a standard normal Z, by bisection on {@link #erfc}. */
    static double upperQuantile(double p) {
        double lo = -40, hi = 40;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (erfc(mid / Math.sqrt(2)) / 2 > p) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /** The complementary error function; Numerical Recipes' Chebyshev fit, relative error below 1.2e-7. */
    static double erfc(double x) {
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double ans = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }
}
