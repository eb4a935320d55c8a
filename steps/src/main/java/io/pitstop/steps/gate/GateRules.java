package io.pitstop.steps.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies declared thresholds to a challenger's metrics and, when a production model exists, to
 * the champion's metrics on the same evaluation data. Pure: no Spark, no files.
 */
public final class GateRules {


    private final GateStep.Params params;

    public GateRules(GateStep.Params params) {
        this.params = params;
    }

    public GateReport evaluate(Map<String, Double> challenger, Map<String, Double> champion, String championName,
                               boolean dataValid) {
        List<GateRule> rules = new ArrayList<>();
        rules.add(new GateRule("data_validation", "validation", dataValid ? 1 : 0, Double.NaN, 1, dataValid,
                dataValid ? "the data passed its contract" : "the data failed its contract"));
        new TreeMap<>(params.floors()).forEach((metric, floor) -> {
            double v = value(challenger, metric);
            boolean ok = v >= floor;
            rules.add(new GateRule("floor", metric, v, champValue(champion, metric), floor, ok,
                    String.format("%s %.4f %s floor %.4f", metric, v, ok ? ">=" : "<", floor)));
        });
        new TreeMap<>(params.ceilings()).forEach((metric, ceiling) -> {
            double v = value(challenger, metric);
            boolean ok = v <= ceiling;
            rules.add(new GateRule("ceiling", metric, v, champValue(champion, metric), ceiling, ok,
                    String.format("%s %.4f %s ceiling %.4f", metric, v, ok ? "<=" : ">", ceiling)));
        });
        if (champion != null) {
            new TreeMap<>(params.maxRegression()).forEach((metric, allowed) -> {
                double v = value(challenger, metric);
                double c = value(champion, metric);
                double loss = io.pitstop.steps.evaluate.MetricDirection.lowerIsBetter(metric) ? v - c : c - v;
                boolean ok = loss <= allowed + 1e-12;
                rules.add(new GateRule("max_regression", metric, v, c, allowed, ok, String.format(
                        "%s regresses by %.4f against the champion (%.4f -> %.4f); allowed %.4f",
                        metric, Math.max(loss, 0), c, v, allowed)));
            });
        }
        GateRule decided = rules.stream().filter(r -> !r.passed()).findFirst().orElse(null);
        return new GateReport(decided == null, decided == null ? "all rules passed" : decided.rule() + ":" + decided.metric(),
                championName, rules);
    }

    private static double value(Map<String, Double> metrics, String metric) {
        Double v = metrics.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("the gate needs metric '" + metric + "' but the evaluation has only "
                    + new TreeMap<>(metrics).keySet());
        }
        return v;
    }

    private static double champValue(Map<String, Double> champion, String metric) {
        return champion == null || !champion.containsKey(metric) ? Double.NaN : champion.get(metric);
    }
}
