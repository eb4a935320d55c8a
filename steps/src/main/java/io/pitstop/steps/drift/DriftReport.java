package io.pitstop.steps.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a dataset has moved from a stored profile, per feature. The worst feature decides the
 * report's outcome; a caller (batch scoring) decides what an ERROR means for its run.
 *
 * @param dataset  the profiled dataset's name
 * @param rows     rows in the compared data
 * @param features one entry per compared feature, in the order asked for
 */
public record DriftReport(String dataset, long rows, double psiWarning, double psiError, double maxUnseenShare,
                          List<FeatureDrift> features) {

    /** Version of the JSON layout. */
    public static final int FORMAT = 1;

    public enum Outcome { OK, WARNING, ERROR }

    public enum Kind { NUMERIC, CATEGORICAL }

    /**
     * One feature's drift.
     *
     * @param psi         population stability index over the profile's bins (deciles or categories)
     * @param unseenShare share of non-null values the profile never saw (categorical only, else null)
     * @param outcome     against the contract's thresholds
     * @param reason      which threshold decided, empty when OK
     */
    public record FeatureDrift(String feature, Kind kind, double psi, Double unseenShare, Outcome outcome,
                               String reason) {
        public FeatureDrift {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(outcome, "outcome");
            reason = reason == null ? "" : reason;
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

    public JsonNode toJson() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("format", FORMAT);
        root.put("dataset", dataset);
        root.put("rows", rows);
        root.put("outcome", outcome().name());
        ObjectNode thresholds = root.putObject("thresholds");
        thresholds.put("psi_warning", psiWarning);
        thresholds.put("psi_error", psiError);
        thresholds.put("max_unseen_share", maxUnseenShare);
        ArrayNode list = root.putArray("features");
        for (FeatureDrift f : features) {
            ObjectNode n = list.addObject();
            n.put("feature", f.feature());
            n.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
            n.put("psi", f.psi());
            if (f.unseenShare() == null) n.putNull("unseen_share");
            else n.put("unseen_share", f.unseenShare());
            n.put("outcome", f.outcome().name());
            n.put("reason", f.reason());
        }
        return root;
    }
}
