package io.pitstop.engine.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.pitstop.engine.json.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code realised_performance.json}: how a model's published scores turned out, once outcomes that arrived
 * later were joined to the predictions made before them. Written by the step kind that joins outcomes
 * ({@code outcomes.join}), read by {@code ./pitstop models performance}. Every number is on the predictions
 * whose outcome is known ({@code judged}); {@code waiting} counts the predictions whose key has no outcome
 * yet. Rates and the AUC carry a 95% interval, since a month of outcomes for a new version may be a dozen.
 *
 * @param formatVersion   {@value #FORMAT_VERSION}
 * @param model           the model name the predictions were made with
 * @param positive        the outcome value counted as the positive class
 * @param predictions     the prediction table, as the step names it
 * @param outcomes        the Delta table where accepted outcomes accumulate
 * @param outcomesVersion the outcomes table's version the numbers were computed on
 * @param outcomesTotal   every outcome in that version
 * @param unmatched       outcomes no prediction made before them can be joined to (an unknown key, or a key
 *                        first scored after its outcome was known); {@code unmatchedKeys} names the first few
 * @param byModelVersion  one entry per model version that made a judged or waiting prediction
 * @param byRun           one entry per scoring run
 * @param slices          per declared slice column, per value, per model version
 */
public record RealisedPerformance(int formatVersion, String model, String positive, String predictions,
                                  String outcomes, long outcomesVersion, long outcomesTotal, Instant computedAt,
                                  long unmatched, List<String> unmatchedKeys, List<Group> byModelVersion,
                                  List<Group> byRun, List<Group> slices) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "realised_performance.json";
    /** The {@code realised_performance} output and report. */
    public static final Artifact<RealisedPerformance> ARTIFACT =
            Artifact.of("realised_performance", RealisedPerformance::read);

    /** Written by this or a newer Pitstop; an undefined number (written as null) reads back as NaN. */
    private static final ObjectReader READER = Json.READ_BACK.readerFor(RealisedPerformance.class);

    public RealisedPerformance {
        unmatchedKeys = List.copyOf(unmatchedKeys);
        byModelVersion = List.copyOf(byModelVersion);
        byRun = List.copyOf(byRun);
        slices = List.copyOf(slices);
    }

    /**
     * The numbers of one group of predictions: a model version, a scoring run, or a slice of a version.
     *
     * @param runId       the scoring run, for a run's group; null otherwise
     * @param scoredAt    when the run scored (a run's group); null otherwise
     * @param slice       the slice column, for a slice's group; null otherwise
     * @param sliceValue  its value
     * @param judged      predictions whose outcome is known
     * @param waiting     predictions whose key has no outcome yet
     * @param auc         NaN (null in JSON) when the judged predictions hold one class only
     * @param logLoss     mean cross-entropy; NaN when nothing is judged
     * @param logLossSd   the standard deviation of the judged predictions' cross-entropies, for a test of two
     *                    versions' log-losses; NaN with fewer than two judged, or in a report written before it
     * @param positiveRate    the share of judged outcomes that were positive
     * @param decisionRate    the share of judged predictions decided positive at the model's threshold
     * @param meanScore       the mean score of the judged predictions, to set against {@code positiveRate}
     * @param calibration     ten equal-width score bins, each with its count, mean score and realised rate
     */
    public record Group(String modelVersion, String runId, Instant scoredAt, String slice, String sliceValue,
                        long judged, long waiting, long positives, Estimate auc, double logLoss, double logLossSd,
                        Estimate positiveRate, Estimate decisionRate, double meanScore, List<Bin> calibration) {
        public Group {
            calibration = List.copyOf(calibration);
        }

        /** Without the log-loss's spread (not measured). */
        public Group(String modelVersion, String runId, Instant scoredAt, String slice, String sliceValue,
                     long judged, long waiting, long positives, Estimate auc, double logLoss,
                     Estimate positiveRate, Estimate decisionRate, double meanScore, List<Bin> calibration) {
            this(modelVersion, runId, scoredAt, slice, sliceValue, judged, waiting, positives, auc, logLoss, Double.NaN,
                    positiveRate, decisionRate, meanScore, calibration);
        }
    }

    /** A value with its 95% interval and how the interval was computed ({@code wilson}, {@code hanley_mcneil}). */
    public record Estimate(double value, double lower, double upper, String interval) {
    }

    /** One calibration bin: scores in [lower, upper). */
    public record Bin(double lower, double upper, long count, double meanScore, double realisedRate) {
    }

    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    public void write(Path file) throws IOException {
        Json.PRETTY.writeValue(file.toFile(), this);
    }

    public static RealisedPerformance read(Path file) throws IOException {
        return READER.readValue(file.toFile());
    }

    /** The report as a step recorded it ({@code StepRecord#reports()}). */
    public static RealisedPerformance of(JsonNode report) {
        try {
            return READER.treeToValue(report, RealisedPerformance.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a realised-performance report: " + e.getOriginalMessage(), e);
        }
    }
}
