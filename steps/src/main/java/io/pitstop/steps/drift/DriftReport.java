package io.pitstop.steps.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pitstop.engine.json.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How far a dataset has moved from a stored profile, per feature. The worst judged feature decides the
 * report's outcome; a caller (batch scoring) decides what an ERROR means for its run. Data with fewer rows
 * than {@code minRows}, or a feature with fewer non-null values, is {@link Outcome#NOT_JUDGED}: its PSI is
 * still measured and shown, but on so few rows it is mostly noise.
 *
 * @param dataset  the profiled dataset's name
 * @param rows     rows in the compared data
 * @param minRows  the fewest rows (and non-null values per feature) drift is judged on
 * @param features one entry per compared feature, in the order asked for
 */
public record DriftReport(String dataset, long rows, double psiWarning, double psiError, double maxUnseenShare,
                          long minRows, List<FeatureDrift> features) {

    /** The step report a scoring run keeps its monitoring in, and the key of its input drift there. */
    public static final String MONITORING_REPORT = "monitoring";
    public static final String MONITORING_KEY = "input_drift";

    /** Version of the JSON layout: 2 added min_rows, non_null and NOT_JUDGED. */
    public static final int FORMAT = 2;

    /** Ordered from least to most severe: a report's outcome is its worst feature's. */
    public enum Outcome { NOT_JUDGED, OK, WARNING, ERROR }

    public enum Kind { NUMERIC, CATEGORICAL }

    /**
     * One feature's drift.
     *
     * @param psi         population stability index over the profile's bins (ranges or values)
     * @param unseenShare share of non-null values the profile never saw, when it saw every value; else null
     * @param nonNull     non-null values of the feature in the compared data
     * @param outcome     against the contract's thresholds
     * @param reason      which threshold decided, or why the feature was not judged; empty when OK
     */
    public record FeatureDrift(String feature, Kind kind, double psi, Double unseenShare, long nonNull,
                               Outcome outcome, String reason) {
        public FeatureDrift {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(outcome, "outcome");
            reason = reason == null ? "" : reason;
        }

        /** E.g. {@code tenure: psi 0.3120 >= psi_error 0.25}. */
        public String describe() {
            return feature + ": " + (reason.isEmpty() ? "psi " + DriftReport.value(psi) : reason);
        }
    }

    public DriftReport {
        Objects.requireNonNull(dataset, "dataset");
        features = List.copyOf(features);
    }

    public Outcome outcome() {
        return features.stream().map(FeatureDrift::outcome).max(Comparator.naturalOrder()).orElse(Outcome.OK);
    }

    public Optional<FeatureDrift> feature(String name) {
        return features.stream().filter(f -> f.feature().equals(name)).findFirst();
    }

    public List<FeatureDrift> drifted(Outcome outcome) {
        return features.stream().filter(f -> f.outcome() == outcome).toList();
    }

    /** The largest PSI among the judged features; NaN when none was judged. */
    public double largestJudgedPsi() {
        return features.stream().filter(f -> f.outcome() != Outcome.NOT_JUDGED)
                .mapToDouble(FeatureDrift::psi).max().orElse(Double.NaN);
    }

    /**
     * One line a person reads: what was not judged and why, each drifted feature with its value and the limit
     * it crossed, or the largest PSI when nothing drifted.
     */
    public String summary() {
        if (rows < minRows) return "not judged: " + rows + " rows < min_rows " + minRows;
        var parts = new java.util.ArrayList<String>();
        List<FeatureDrift> drifted = features.stream()
                .filter(f -> f.outcome() == Outcome.ERROR || f.outcome() == Outcome.WARNING).toList();
        if (!drifted.isEmpty()) {
            parts.add("drifted: " + drifted.stream().map(FeatureDrift::describe).collect(Collectors.joining("; ")));
        } else {
            features.stream().filter(f -> f.outcome() == Outcome.OK).max(Comparator.comparingDouble(FeatureDrift::psi))
                    .ifPresent(f -> parts.add("no drift: largest psi " + value(f.psi()) + " (" + f.feature()
                            + ") < psi_warning " + limit(psiWarning)));
        }
        List<FeatureDrift> notJudged = drifted(Outcome.NOT_JUDGED);
        if (!notJudged.isEmpty()) {
            parts.add("not judged: " + notJudged.stream().map(f -> f.feature() + " (" + f.reason() + ")")
                    .collect(Collectors.joining(", ")));
        }
        return String.join("; ", parts);
    }

    public JsonNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("dataset", dataset);
        root.put("rows", rows);
        root.put("outcome", outcome().name());
        root.put("summary", summary());
        ObjectNode thresholds = root.putObject("thresholds");
        thresholds.put("psi_warning", psiWarning);
        thresholds.put("psi_error", psiError);
        thresholds.put("max_unseen_share", maxUnseenShare);
        thresholds.put("min_rows", minRows);
        ArrayNode list = root.putArray("features");
        for (FeatureDrift f : features) {
            ObjectNode n = list.addObject();
            n.put("feature", f.feature());
            n.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
            n.put("psi", f.psi());
            if (f.unseenShare() == null) n.putNull("unseen_share");
            else n.put("unseen_share", f.unseenShare());
            n.put("non_null", f.nonNull());
            n.put("outcome", f.outcome().name());
            n.put("reason", f.reason());
        }
        return root;
    }

    /**
     * A report as {@link #toJson} wrote it (a scoring run keeps it in its monitoring report as
     * {@code input_drift}); format 1 lacks {@code min_rows} and {@code non_null}, read as 0.
     */
    public static DriftReport fromJson(JsonNode json) {
        JsonNode t = json.path("thresholds");
        var features = new java.util.ArrayList<FeatureDrift>();
        for (JsonNode f : json.path("features")) {
            JsonNode unseen = f.path("unseen_share");
            features.add(new FeatureDrift(f.path("feature").asText(),
                    Kind.valueOf(f.path("kind").asText("numeric").toUpperCase(Locale.ROOT)),
                    f.path("psi").isNumber() ? f.path("psi").asDouble() : Double.NaN,
                    unseen.isNumber() ? unseen.asDouble() : null, f.path("non_null").asLong(),
                    Outcome.valueOf(f.path("outcome").asText("OK")), f.path("reason").asText("")));
        }
        return new DriftReport(json.path("dataset").asText(), json.path("rows").asLong(),
                t.path("psi_warning").asDouble(Double.NaN), t.path("psi_error").asDouble(Double.NaN),
                t.path("max_unseen_share").asDouble(Double.NaN), t.path("min_rows").asLong(), features);
    }

    /** A measured value, to four decimals. */
    static String value(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** A declared limit, as it would be written in the contract: 0.25, not 0.2500. */
    static String limit(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
