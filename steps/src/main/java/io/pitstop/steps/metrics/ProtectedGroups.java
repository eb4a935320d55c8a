package io.pitstop.steps.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One protected column measured per group, as {@code metrics.json} records it under {@code fairness}:
 * the judged groups with their metrics, the gaps between them (binary classifiers) and the groups not
 * judged with why. Undefined numbers (the TPR of a group without a positive) are NaN, written as null.
 *
 * <pre>
 * "female": { "min_group_rows": 30, "max_groups": 20,
 *   "groups": { "0": { "count": 210, "positive_rate": 0.21, "tpr": 0.55, "fpr": 0.08, ... }, "1": { ... } },
 *   "gaps": { "demographic_parity_difference": { "value": 0.03, "highest": "1", "highest_value": 0.24,
 *                                                 "lowest": "0", "lowest_value": 0.21 }, ... },
 *   "not_judged": { "<null>": { "rows": 4, "reason": "4 test rows, fewer than min_group_rows 30" } } }
 * </pre>
 *
 * @param unlisted groups not judged beyond the {@value #LISTED} listed in {@code notJudged} (a column with
 *                 thousands of values); null when every one is listed
 */
public record ProtectedGroups(int minGroupRows, int maxGroups, SortedMap<String, SortedMap<String, Double>> groups,
                              SortedMap<String, Gap> gaps, SortedMap<String, NotJudged> notJudged,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Unlisted unlisted) {

    /** Not-judged groups listed by name, at most: the largest first. */
    public static final int LISTED = 100;

    /** Binary: the share of the group predicted positive at the decision threshold. */
    public static final String POSITIVE_RATE = "positive_rate";
    /** Binary: the share of the group's positives predicted positive (recall). */
    public static final String TPR = "tpr";
    /** Binary: the share of the group's negatives predicted positive. */
    public static final String FPR = "fpr";
    /** The gap in positive rate between the judged groups: max minus min. */
    public static final String DEMOGRAPHIC_PARITY = "demographic_parity_difference";
    /** The gap in TPR between the judged groups: max minus min. */
    public static final String EQUAL_OPPORTUNITY = "equal_opportunity_difference";
    /** The gap in FPR between the judged groups: max minus min. */
    public static final String FALSE_POSITIVE_RATE_GAP = "false_positive_rate_difference";
    private static final Map<String, String> GAP_OF = gapMetrics();

    /** The largest difference of one metric between two judged groups: which groups, at which values. */
    public record Gap(double value, String highest, double highestValue, String lowest, double lowestValue) {
    }

    /** A group that is not judged: its test rows and why. */
    public record NotJudged(long rows, String reason) {
    }

    /** Groups not judged and not listed one by one. */
    public record Unlisted(long groups, long rows) {
    }

    public ProtectedGroups {
        groups = new TreeMap<>(groups);
        gaps = new TreeMap<>(gaps);
        notJudged = new TreeMap<>(notJudged);
    }

    /**
     * Judges one protected column.
     *
     * @param values    each row's group (the column's value as a string, {@link EvaluationReport#NULL_SLICE} for null)
     * @param metricsOf the task's metrics on the rows at the given indices
     * @param binary    whether to compute the gaps (positive rate, TPR and FPR exist for binary classifiers only)
     */
    public static ProtectedGroups judge(String[] values, FairnessSpec spec,
                                        Function<int[], SortedMap<String, Double>> metricsOf, boolean binary) {
        var members = new TreeMap<String, List<Integer>>();
        for (int i = 0; i < values.length; i++) members.computeIfAbsent(values[i], v -> new ArrayList<>()).add(i);
        // Largest first, then by name: which groups are judged under max_groups does not depend on the row order.
        var bySize = new ArrayList<>(members.entrySet());
        bySize.sort(Comparator.comparing((Map.Entry<String, List<Integer>> e) -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey));
        var groups = new TreeMap<String, SortedMap<String, Double>>();
        var notJudged = new TreeMap<String, NotJudged>();
        long unlistedGroups = 0, unlistedRows = 0;
        int listed = 0;
        for (var e : bySize) {
            int rows = e.getValue().size();
            String reason = null;
            if (rows < spec.minGroupRows()) {
                reason = rows + " test rows, fewer than min_group_rows " + spec.minGroupRows();
            } else if (groups.size() >= spec.maxGroups()) {
                reason = "beyond the " + spec.maxGroups() + " largest groups judged (max_groups)";
            }
            if (reason == null) {
                groups.put(e.getKey(), metricsOf.apply(e.getValue().stream().mapToInt(Integer::intValue).toArray()));
            } else if (listed < LISTED) {
                notJudged.put(e.getKey(), new NotJudged(rows, reason));
                listed++;
            } else {
                unlistedGroups++;
                unlistedRows += rows;
            }
        }
        var gaps = new TreeMap<String, Gap>();
        if (binary) GAP_OF.forEach((gap, metric) -> gap(groups, metric).ifPresent(g -> gaps.put(gap, g)));
        return new ProtectedGroups(spec.minGroupRows(), spec.maxGroups(), groups, gaps, notJudged,
                unlistedGroups == 0 ? null : new Unlisted(unlistedGroups, unlistedRows));
    }

    /** The gap of {@code metric} over the groups where it is defined; empty with fewer than two such groups. */
    static java.util.Optional<Gap> gap(SortedMap<String, SortedMap<String, Double>> groups, String metric) {
        String hi = null, lo = null;
        double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
        int defined = 0;
        for (var e : groups.entrySet()) {
            Double v = e.getValue().get(metric);
            if (v == null || v.isNaN()) continue;
            defined++;
            if (v > max) {
                max = v;
                hi = e.getKey();
            }
            if (v < min) {
                min = v;
                lo = e.getKey();
            }
        }
        return defined < 2 ? java.util.Optional.empty() : java.util.Optional.of(new Gap(max - min, hi, max, lo, min));
    }

    /** The metric each gap is taken over. */
    public static String metricOf(String gap) {
        return GAP_OF.get(gap);
    }

    /**
     * A binary classifier's metrics on one group at the decision threshold: rows, positive rate, TPR, FPR,
     * calibration (mean predicted score beside the observed positive rate), AUC and accuracy.
     */
    public static SortedMap<String, Double> binaryMetrics(double[] scores, int[] labels, double threshold) {
        ClassifierMetrics m = Metrics.of(scores, labels, threshold);
        double sum = 0;
        for (double s : scores) sum += s;
        var out = new TreeMap<String, Double>();
        out.put("count", (double) m.count());
        out.put("positives", (double) (m.truePositives() + m.falseNegatives()));
        out.put(POSITIVE_RATE, m.positiveRate());
        out.put(TPR, m.recall());
        long negatives = m.falsePositives() + m.trueNegatives();
        out.put(FPR, negatives == 0 ? Double.NaN : (double) m.falsePositives() / negatives);
        out.put("mean_predicted", scores.length == 0 ? Double.NaN : sum / scores.length);
        out.put("observed_rate", m.baseRate());
        out.put("auc", m.auc());
        out.put("accuracy", m.accuracy());
        return out;
    }

    private static Map<String, String> gapMetrics() {
        var m = new LinkedHashMap<String, String>();
        m.put(DEMOGRAPHIC_PARITY, POSITIVE_RATE);
        m.put(EQUAL_OPPORTUNITY, TPR);
        m.put(FALSE_POSITIVE_RATE_GAP, FPR);
        return java.util.Collections.unmodifiableMap(m);
    }
}
