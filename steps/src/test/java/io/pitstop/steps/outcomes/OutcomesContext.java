package io.pitstop.steps.outcomes;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.predictions.PredictionTables;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.step.Location;
import io.pitstop.engine.step.Lineage;
import io.pitstop.engine.step.ModelInfo;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Progress;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.Upstream;
import io.pitstop.engine.step.ValidationContext;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.score.DeltaPredictionTables;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** The outcomes step's door to a temporary project: the shared SparkSession and the real Delta history reader. */
record OutcomesContext(Path projectDir, String runId) implements StepContext, ValidationContext {

    @Override public String stepId() { return "outcomes"; }
    @Override public String pipelineName() { return "test"; }
    @Override public ModelInfo model() { return new ModelInfo("churn", null, null, null, null); }

    @Override
    public Path outputDir() {
        Path dir = projectDir.resolve("out").resolve(runId);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public long seed() { return 42; }
    @Override public Upstream upstream() { return name -> Optional.empty(); }

    @Override
    public <T> T resource(Class<T> type) {
        if (type == SparkSession.class) return type.cast(TestSpark.session());
        if (type == PredictionTables.class) return type.cast(new DeltaPredictionTables(TestSpark.session()));
        throw new UnsupportedOperationException("no test resource of type " + type);
    }

    @Override public Registry registry() { throw new UnsupportedOperationException("outcomes.join uses no registry"); }
    @Override public Profile profile() { return new Profile("test", projectDir, Map.of()); }

    @Override
    public Lineage lineage() {
        return new Lineage(runId, "test", "pipelines/test.yaml", "0".repeat(64), null, false, "test", Map.of());
    }

    @Override public Progress progress() { return Progress.SILENT; }
    @Override public Logger log() { return LoggerFactory.getLogger("test.outcomes"); }
    @Override public Clock clock() { return Clock.systemUTC(); }

    @Override
    public Path resolve(String projectRelative) {
        return projectDir.resolve(projectRelative).normalize();
    }

    @Override
    public Problem problemAt(String paramPointer, String message) {
        return Problem.at(Location.startOf(projectDir.resolve("pipelines/test.yaml")), paramPointer + ": " + message);
    }
}
