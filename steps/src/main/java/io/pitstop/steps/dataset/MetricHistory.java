package io.pitstop.steps.dataset;

import com.amazon.deequ.analyzers.Analyzer;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One dataset's metrics across runs, in a Deequ {@code FileSystemMetricsRepository}: a JSON file at
 * {@code <state_dir>/metrics/<dataset>.json}, each entry keyed by the validation time and tagged with
 * the dataset and run id. The contract's {@code anomalies} compare today's metrics with the latest
 * earlier entry; only runs whose data passed its error checks are recorded, so a broken batch never
 * becomes the baseline the next one is judged against.
 */
public final class MetricHistory {

    private final SparkSession spark;
    private final Path file;
    private final String dataset;

    public MetricHistory(SparkSession spark, Path file, String dataset) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.file = Objects.requireNonNull(file, "file");
        this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    /** The repository file of a dataset under a profile's state directory. */
    public static Path fileFor(Path stateDir, String dataset) {
        return stateDir.resolve("metrics").resolve(dataset.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    public Path file() {
        return file;
    }

    /** Earlier runs, oldest first, without {@code runId} itself (a resumed run is not its own history). */
    List<Deequ.PastRun> before(String runId) {
        return Deequ.loadMetrics(spark, file, dataset).stream().filter(r -> !r.runId().equals(runId)).toList();
    }

    public void record(String runId, Instant time, Map<Analyzer<?, ?>, Double> metrics) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + file.getParent(), e);
        }
        Deequ.saveMetrics(spark, file, dataset, runId, time.toEpochMilli(), metrics);
    }
}
