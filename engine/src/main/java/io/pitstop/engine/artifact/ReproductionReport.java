package io.pitstop.engine.artifact;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.pitstop.engine.json.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code reproduction.json}: a model rebuilt from a release's lineage compared with the released
 * package. Written by the step kind that compares ({@code reproduce.compare}), read by
 * {@code ./pitstop reproduce}, which prints it and turns {@link #identical} into its exit code.
 *
 * @param packageDir         the released package compared with
 * @param identical          whether the rebuilt model's identity is the released one's
 * @param metrics            per metric name, the released value and the rebuilt one (null where one lacks it)
 * @param environmentChanges what differs between the recorded environment and this one, {@code before -> after}
 */
public record ReproductionReport(@JsonProperty("package") String packageDir, String model, String version,
                                 boolean identical, ModelParts modelParts, SortedMap<String, MetricPair> metrics,
                                 SortedMap<String, String> environmentChanges) {

    public static final String FILE_NAME = "reproduction.json";
    /** The {@code reproduction} output and report. */
    public static final Artifact<ReproductionReport> ARTIFACT = Artifact.of("reproduction", ReproductionReport::read);

    /** Written by this or a newer Pitstop: a field added later is skipped, not refused. */
    private static final ObjectReader READER = Json.MAPPER.readerFor(ReproductionReport.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ReproductionReport {
        metrics = new TreeMap<>(metrics);
        environmentChanges = new TreeMap<>(environmentChanges);
    }

    /**
     * The two models part by part. Which part differs tells where to look: a transform means different
     * data, weights alone mean the same inputs trained differently (threads, BLAS, hardware).
     *
     * @param maxWeightDifference largest |w1 - w2| over all weights; null when the shapes differ
     */
    public record ModelParts(String releasedIdentity, String rebuiltIdentity, boolean sameConfiguration,
                             boolean sameWeights, Double maxWeightDifference, boolean sameTransform,
                             boolean sameDescriptor) {
    }

    /** One metric of the released model and of the rebuilt one; null where one lacks it. */
    public record MetricPair(Double released, Double rebuilt) {
    }

    /** The released and rebuilt values of the metrics either has. */
    public static SortedMap<String, MetricPair> metrics(Map<String, Double> released, Map<String, Double> rebuilt) {
        var names = new TreeMap<String, MetricPair>();
        released.forEach((name, v) -> names.put(name, new MetricPair(v, rebuilt.get(name))));
        rebuilt.forEach((name, v) -> names.putIfAbsent(name, new MetricPair(null, v)));
        return names;
    }

    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    public void write(Path file) throws IOException {
        Json.PRETTY.writeValue(file.toFile(), this);
    }

    public static ReproductionReport read(Path file) throws IOException {
        return READER.readValue(file.toFile());
    }

    /** The report as a step recorded it ({@code StepRecord#reports()}). */
    public static ReproductionReport of(JsonNode report) {
        try {
            return READER.treeToValue(report, ReproductionReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a reproduction report: " + e.getOriginalMessage(), e);
        }
    }
}
