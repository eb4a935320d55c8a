package io.pitstop.engine.spec;

import io.pitstop.engine.yaml.MappingReader;

import java.util.Optional;
import java.util.Set;

/** Reads the {@code retrain_when:} block strictly; every problem is reported with its place in the file. */
final class RetrainPolicyReader {

    static final Set<String> KEYS = Set.of("input_psi_above", "prediction_psi_above", "realised_auc_below",
            "realised_auc_below_offline_by", "min_judged", "rows_changed_above", "model_older_than_days", "always");

    private RetrainPolicyReader() {
    }

    static Optional<RetrainPolicy> read(MappingReader m) {
        m.allowOnly(KEYS);
        int before = m.problemCount();
        Double inputPsi = bounded(m, "input_psi_above", 0, Double.MAX_VALUE);
        Double predictionPsi = bounded(m, "prediction_psi_above", 0, Double.MAX_VALUE);
        Double aucFloor = bounded(m, "realised_auc_below", 0, 1);
        Double aucMargin = bounded(m, "realised_auc_below_offline_by", 0, 1);
        Long minJudged = whole(m, "min_judged", 1);
        Long rows = whole(m, "rows_changed_above", 0);
        Long days = whole(m, "model_older_than_days", 1);
        if (days != null && days > 36500) {
            m.problem("model_older_than_days", "'model_older_than_days' must be at most 36500, found " + days);
            days = null;
        }
        boolean always = m.bool("always", false).orElse(false);
        if (m.problemCount() != before) return Optional.empty();
        if (!always && inputPsi == null && predictionPsi == null && aucFloor == null && aucMargin == null && rows == null
                && days == null) {
            m.problem("'retrain_when' declares no condition; name at least one of " + String.join(", ",
                    KEYS.stream().filter(k -> !k.equals("min_judged")).sorted().toList())
                    + " (or leave the block out to retrain on every run)");
            return Optional.empty();
        }
        return Optional.of(new RetrainPolicy(inputPsi, predictionPsi, aucFloor, aucMargin,
                minJudged == null ? RetrainPolicy.DEFAULT_MIN_JUDGED : minJudged.intValue(), rows,
                days == null ? null : days.intValue(), always));
    }

    /** A number in (min, max]: a limit of 0 would fire on any measurement. */
    private static Double bounded(MappingReader m, String key, double min, double max) {
        Optional<Double> v = m.number(key, false);
        if (v.isPresent() && (!(v.get() > min) || v.get() > max)) {
            m.problem(key, "'" + key + "' must be above " + fmt(min) + (max == Double.MAX_VALUE ? "" : " and at most "
                    + fmt(max)) + ", found " + fmt(v.get()));
            return null;
        }
        return v.orElse(null);
    }

    private static Long whole(MappingReader m, String key, long min) {
        Optional<Long> v = m.integer(key, false);
        if (v.isPresent() && v.get() < min) {
            m.problem(key, "'" + key + "' must be at least " + min + ", found " + v.get());
            return null;
        }
        return v.orElse(null);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
