package io.pitstop.engine.policy;

import io.pitstop.engine.spec.RetrainPolicy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pipeline's {@code retrain_when:} judged against the evidence: retrain when any condition held.
 * Every declared condition is listed, held or not, with the value measured and its limit, or why
 * nothing was measured; missing evidence does not hold by itself, except that with no version in
 * production at all there is nothing to keep, so the pipeline retrains. {@code should-retrain --json}
 * prints this, and the run store keeps it.
 *
 * @param formatVersion     {@value #FORMAT_VERSION}
 * @param productionVersion null when no version is in production
 * @param fired             the names of the conditions that held
 */
public record RetrainDecision(int formatVersion, String decisionId, String pipeline, String model,
                              String productionVersion, Instant decidedAt, boolean retrain, List<String> fired,
                              List<Condition> conditions) {

    public static final int FORMAT_VERSION = 1;

    public RetrainDecision {
        fired = List.copyOf(fired);
        conditions = List.copyOf(conditions);
    }

    /**
     * One condition of the policy as judged.
     *
     * @param value    what was measured (for a margin, the gap; for rows, the change); null when not measured
     * @param limit    the policy's limit; null for {@code always} and {@code no_production}
     * @param evidence where the value came from, or why there is none
     */
    public record Condition(String name, boolean fired, Double value, Double limit, String evidence) {

        String describe() {
            String measured = value == null ? "not measured" : fmt(value);
            return name + ": " + measured + (limit == null ? "" : " (limit " + fmt(limit) + ")") + " - " + evidence;
        }
    }

    /** @param policy null when the pipeline declares none: every run retrains, as before there were policies */
    public static RetrainDecision decide(String decisionId, String pipeline, String model, RetrainPolicy policy,
                                         RetrainEvidence e, Instant now) {
        List<Condition> out = new ArrayList<>();
        if (policy == null) {
            out.add(new Condition("no_policy", true, null, null, "the pipeline declares no retrain_when, so every run"
                    + " retrains"));
            return new RetrainDecision(FORMAT_VERSION, decisionId, pipeline, model,
                    e.production().map(v -> v.version()).orElse(null), now, true, List.of("no_policy"), out);
        }
        if (e.production().isEmpty()) {
            out.add(new Condition("no_production", true, null, null, "no version of " + model
                    + " is in production, so there is nothing to keep"));
        }
        if (policy.always()) out.add(new Condition("always", true, null, null, "always: true"));
        if (policy.inputPsiAbove() != null) out.add(above("input_psi_above", e.inputPsi(), policy.inputPsiAbove()));
        if (policy.predictionPsiAbove() != null) {
            out.add(above("prediction_psi_above", e.predictionPsi(), policy.predictionPsiAbove()));
        }
        Measured realised = judgedEnough(e, policy.minJudged());
        if (policy.realisedAucBelow() != null) {
            out.add(realised.present()
                    ? new Condition("realised_auc_below", realised.value() < policy.realisedAucBelow(), realised.value(),
                    policy.realisedAucBelow(), realised.detail())
                    : new Condition("realised_auc_below", false, null, policy.realisedAucBelow(), realised.detail()));
        }
        if (policy.realisedAucBelowOfflineBy() != null) {
            double margin = policy.realisedAucBelowOfflineBy();
            if (!realised.present()) {
                out.add(new Condition("realised_auc_below_offline_by", false, null, margin, realised.detail()));
            } else if (!e.offlineAuc().present()) {
                out.add(new Condition("realised_auc_below_offline_by", false, null, margin, e.offlineAuc().detail()));
            } else {
                double gap = e.offlineAuc().value() - realised.value();
                out.add(new Condition("realised_auc_below_offline_by", gap > margin, gap, margin, "test AUC "
                        + fmt(e.offlineAuc().value()) + " (" + e.offlineAuc().detail() + ") minus realised AUC "
                        + fmt(realised.value()) + " (" + realised.detail() + ")"));
            }
        }
        if (policy.rowsChangedAbove() != null) {
            double limit = policy.rowsChangedAbove();
            if (!e.rowsNow().present()) {
                out.add(new Condition("rows_changed_above", false, null, limit, e.rowsNow().detail()));
            } else if (!e.rowsTrained().present()) {
                out.add(new Condition("rows_changed_above", false, null, limit, e.rowsTrained().detail()));
            } else {
                double change = Math.abs(e.rowsNow().value() - e.rowsTrained().value());
                out.add(new Condition("rows_changed_above", change > limit, change, limit, fmt(e.rowsNow().value())
                        + " rows now (" + e.rowsNow().detail() + ") against " + fmt(e.rowsTrained().value())
                        + " trained on (" + e.rowsTrained().detail() + ")"));
            }
        }
        if (policy.modelOlderThanDays() != null) {
            out.add(above("model_older_than_days", e.ageDays(), policy.modelOlderThanDays()));
        }
        List<String> fired = out.stream().filter(Condition::fired).map(Condition::name).toList();
        return new RetrainDecision(FORMAT_VERSION, decisionId, pipeline, model,
                e.production().map(v -> v.version()).orElse(null), now, !fired.isEmpty(), fired, out);
    }

    private static Condition above(String name, Measured m, double limit) {
        if (!m.present()) return new Condition(name, false, null, limit, m.detail());
        return new Condition(name, m.value() > limit, m.value(), limit, m.detail());
    }

    /** The realised AUC when enough outcomes were judged for it to be evidence. */
    private static Measured judgedEnough(RetrainEvidence e, int minJudged) {
        if (!e.realisedAuc().present()) return e.realisedAuc();
        if (e.judged() < minJudged) {
            return Measured.missing("not judged: " + e.judged() + " outcome(s) joined, fewer than min_judged "
                    + minJudged + " (realised AUC so far " + fmt(e.realisedAuc().value()) + ")");
        }
        return e.realisedAuc();
    }

    /** One line per condition, the fired ones first; what {@code should-retrain} prints. */
    public String text() {
        var out = new StringBuilder();
        out.append(retrain ? "retrain " + pipeline + ": " + String.join(", ", fired) + " held"
                : "skip " + pipeline + ": no condition held").append(String.format(Locale.ROOT, " (model %s, production %s)%n",
                model, productionVersion == null ? "none" : productionVersion));
        for (Condition c : conditions) {
            out.append(c.fired() ? "  held     " : "  not held ").append(c.describe()).append('\n');
        }
        out.append("decision ").append(decisionId).append(" recorded in the run store");
        return out.toString();
    }

    static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
