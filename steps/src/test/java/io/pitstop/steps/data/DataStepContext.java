package io.pitstop.steps.data;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.step.Lineage;
import io.pitstop.engine.step.ModelInfo;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Progress;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.Upstream;
import io.pitstop.engine.step.ValidationContext;
import io.pitstop.engine.step.Location;
import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A StepContext for the data steps' tests: a project dir, an output dir, upstream outputs and a profile. */
final class DataStepContext implements StepContext, ValidationContext {

    private final Path projectDir;
    private final Path outputDir;
    private final Map<String, String> upstream;
    private final Profile profile;
    private final String runId;

    private DataStepContext(Builder b) {
        this.runId = b.runId;
        this.projectDir = b.projectDir;
        this.outputDir = b.outputDir;
        this.upstream = Map.copyOf(b.upstream);
        this.profile = new Profile("test", b.projectDir, b.settings);
    }

    static Builder builder(Path projectDir) {
        return new Builder(projectDir);
    }

    static final class Builder {
        private final Path projectDir;
        private Path outputDir;
        private final Map<String, String> upstream = new HashMap<>();
        private final Map<String, String> settings = new HashMap<>();
        private String runId = "test-run";

        Builder runId(String id) {
            this.runId = id;
            return this;
        }

        private Builder(Path projectDir) {
            this.projectDir = projectDir;
            this.outputDir = projectDir.resolve("out");
        }

        Builder outputDir(Path dir) {
            this.outputDir = dir;
            return this;
        }

        Builder upstream(String name, String value) {
            upstream.put(name, value);
            return this;
        }

        Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        DataStepContext build() {
            try {
                java.nio.file.Files.createDirectories(outputDir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new DataStepContext(this);
        }
    }

    @Override public String runId() { return runId; }
    @Override public String stepId() { return "test-step"; }
    @Override public String pipelineName() { return "test"; }
    @Override public ModelInfo model() { return new ModelInfo("test-model", null, null, null, null); }
    @Override public Path projectDir() { return projectDir; }
    @Override public Path outputDir() { return outputDir; }
    @Override public long seed() { return 42; }

    @Override
    public Upstream upstream() {
        return name -> Optional.ofNullable(upstream.get(name));
    }

    @Override
    public <T> T resource(Class<T> type) {
        if (type == SparkSession.class) return type.cast(TestSpark.session());
        throw new UnsupportedOperationException("no test resource of type " + type);
    }

    @Override
    public Registry registry() {
        throw new UnsupportedOperationException("the data steps do not use the registry");
    }

    @Override public Profile profile() { return profile; }

    @Override
    public Lineage lineage() {
        return new Lineage("test-run", "test", "pipelines/test.yaml", "0".repeat(64), null, false, "test", Map.of());
    }

    @Override public Progress progress() { return Progress.SILENT; }
    @Override public Logger log() { return LoggerFactory.getLogger("test." + stepId()); }
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
