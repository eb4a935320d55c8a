package io.pitstop.steps.gate;

import io.pitstop.engine.policy.VersionComparison;
import io.pitstop.engine.step.ParameterProblems;

/**
 * {@code release.gate}'s {@code canary:}: promotion needs evidence from a batch canary. The model under the
 * gate must be a registered version that scored a share of the keys ({@code score.batch}'s {@code canary:}),
 * and the realised performance an upstream {@code outcomes.join} measured must show it, on its own keys, no
 * worse than the champion on theirs ({@link VersionComparison}): the upper {@code 1 - alpha} confidence bound of
 * the champion's AUC minus the canary's must be below {@code margin}. Each version needs at least
 * {@code min_judged} judged outcomes and {@code min_per_class} positives and negatives. Too few outcomes is a no,
 * not a pass.
 *
 * <pre>
 * canary: { min_judged: 200, min_per_class: 30, margin: 0.02, alpha: 0.05 }
 * </pre>
 *
 * @param minJudged   judged outcomes each version needs; default {@value VersionComparison#DEFAULT_MIN_JUDGED}
 * @param minPerClass positives, and negatives, each version needs; default
 *                    {@value VersionComparison#DEFAULT_MIN_PER_CLASS}
 * @param margin      the AUC loss the canary may have and still be no worse; default
 *                    {@value VersionComparison#DEFAULT_MARGIN}
 * @param alpha       one-sided significance level of the non-inferiority test; default 0.05
 */
public record CanaryLimits(Long minJudged, Long minPerClass, Double margin, Double alpha) {

    public CanaryLimits {
        minJudged = minJudged == null ? VersionComparison.DEFAULT_MIN_JUDGED : minJudged;
        minPerClass = minPerClass == null ? VersionComparison.DEFAULT_MIN_PER_CLASS : minPerClass;
        margin = margin == null ? VersionComparison.DEFAULT_MARGIN : margin;
        alpha = alpha == null ? VersionComparison.DEFAULT_ALPHA : alpha;
        var problems = new ParameterProblems();
        if (minJudged < 1) problems.add("canary/min_judged", "canary.min_judged must be at least 1, was " + minJudged);
        if (minPerClass < 1) {
            problems.add("canary/min_per_class", "canary.min_per_class must be at least 1, was " + minPerClass);
        }
        if (!(margin >= 0 && margin < 1)) problems.add("canary/margin", "canary.margin must be in [0, 1), was " + margin);
        if (!(alpha > 0 && alpha < 1)) problems.add("canary/alpha", "canary.alpha must be in (0, 1), was " + alpha);
        problems.throwIfAny();
    }
}
