package io.pitstop.steps.gate;

import io.pitstop.engine.policy.VersionComparison;
import io.pitstop.engine.step.ParameterProblems;

/**
 * {@code release.gate}'s {@code canary:}: promotion needs evidence from a batch canary. The model under the
 * gate must be a registered version that scored a share of the keys ({@code score.batch}'s {@code canary:}),
 * and the realised performance an upstream {@code outcomes.join} measured must show it, on its own keys, not
 * significantly worse than the champion on theirs ({@link VersionComparison}), with at least
 * {@code min_judged} judged outcomes each. Too few outcomes is a no, not a pass.
 *
 * <pre>
 * canary: { min_judged: 200, alpha: 0.05 }
 * </pre>
 *
 * @param minJudged judged outcomes each version needs; default {@value VersionComparison#DEFAULT_MIN_JUDGED}
 * @param alpha     significance level of the AUC test; default 0.05
 */
public record CanaryLimits(Long minJudged, Double alpha) {

    public CanaryLimits {
        minJudged = minJudged == null ? VersionComparison.DEFAULT_MIN_JUDGED : minJudged;
        alpha = alpha == null ? VersionComparison.DEFAULT_ALPHA : alpha;
        var problems = new ParameterProblems();
        if (minJudged < 1) problems.add("canary/min_judged", "canary.min_judged must be at least 1, was " + minJudged);
        if (!(alpha > 0 && alpha < 1)) problems.add("canary/alpha", "canary.alpha must be in (0, 1), was " + alpha);
        problems.throwIfAny();
    }
}
