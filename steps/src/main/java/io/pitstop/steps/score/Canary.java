package io.pitstop.steps.score;

import io.pitstop.engine.step.ParameterProblems;

/**
 * {@code score.batch}'s {@code canary:} a challenger scores a declared share of the keys, the production
 * model (the champion) the rest, into the same table in the same commit, each row naming its model
 * version. The keys are chosen by {@link CanarySplit}. When their outcomes arrive, {@code ./pitstop models
 * compare churn <champion> <challenger>} compares the two versions on their own keys.
 *
 * <pre>
 * canary:
 *   model: staging     # the version in staging (default), or a registered version: 1.3.0
 *   share: 0.1         # of the keys, strictly between 0 and 1
 * </pre>
 *
 * @param model {@code staging} or a version ({@code 1.3.0})
 * @param share the share of keys the challenger scores
 */
public record Canary(String model, Double share) {

    static final String STAGING = "staging";

    public Canary {
        model = model == null ? STAGING : model;
        var problems = new ParameterProblems();
        if (!model.equals(STAGING) && !model.matches("\\d+\\.\\d+\\.\\d+")) {
            problems.add("canary/model", "canary.model '" + model + "' is neither 'staging' nor a version such as"
                    + " 1.3.0 (the production model scores the other keys; it cannot be its own canary)");
        }
        if (share == null) {
            problems.add("canary/share", "canary.share is required: the share of keys the challenger scores, e.g. 0.1");
        } else if (!(share > 0 && share < 1)) {
            problems.add("canary/share", "canary.share must be strictly between 0 and 1, was " + share);
        }
        problems.throwIfAny();
    }

    /** The version declared by number; null when the canary is whatever is in staging. */
    String version() {
        return model.equals(STAGING) ? null : model;
    }

    CanarySplit split() {
        return new CanarySplit(share);
    }
}
