package io.pitstop.steps;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.step.Lineage;
import io.pitstop.engine.step.ModelInfo;
import io.pitstop.engine.step.Progress;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.Upstream;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A StepContext for tests: fixed run id, seed and clock, upstream outputs from a map, the shared
 * test SparkSession as the only resource. The registry is a real one given to the builder (a
 * SQLite file); without one, {@link #registry()} throws.
 * Progress messages are kept so tests can check what a step reported.
 */
public final class TestStepContext implements StepContext {

    private final Path projectDir;
    private final Path outputDir;
    private final long seed;
    private final Map<String, String> upstream;
    private final ModelInfo model;
    private final Registry registry;
    private final Path stateDir;
    private final Map<String, String> settings;
    private final List<String> progressMessages = new ArrayList<>();
    private final Map<String, String> resolved;
    private final String runId;
    private final List<String> gitChanges;
    private final Instant now;

    private TestStepContext(Builder b) {
        this.projectDir = b.projectDir;
        this.outputDir = b.outputDir;
        this.seed = b.seed;
        this.upstream = Map.copyOf(b.upstream);
        this.model = b.model;
        this.registry = b.registry;
        this.stateDir = b.stateDir;
        this.settings = Map.copyOf(b.settings);
        this.resolved = Map.copyOf(b.resolved);
        this.runId = b.runId;
        this.gitChanges = List.copyOf(b.gitChanges);
        this.now = b.now;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Path projectDir = Path.of("..").toAbsolutePath().normalize();
        private Path outputDir;
        private long seed = 42;
        private final Map<String, String> upstream = new HashMap<>();
        private ModelInfo model = new ModelInfo("churn", "tests", null, null, null);
        private Registry registry;
        private Path stateDir;
        private final Map<String, String> settings = new HashMap<>();

        /** A profile setting, e.g. {@code training.path}. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        private final Map<String, String> resolved = new HashMap<>();
        private String runId = "test-run";
        private final List<String> gitChanges = new ArrayList<>();
        private Instant now = Instant.parse("2026-11-22T03:00:00Z");

        /** The fixed time the context's clock tells (a later night, say). */
        public Builder now(Instant value) {
            now = value;
            return this;
        }

        /** The run's working copy had these changes ({@code modified <path>}, {@code untracked <path>}): its lineage is dirty. */
        public Builder dirtyTree(String... changes) {
            gitChanges.addAll(List.of(changes));
            return this;
        }

        /** What the runner would hand back from the step's fingerprinted external inputs. */
        public Builder resolvedInput(String name, String value) {
            resolved.put(name, value);
            return this;
        }

        public Builder runId(String value) {
            runId = value;
            return this;
        }

        /** A real registry (e.g. a SqlRegistry on a temp SQLite file). */
        public Builder registry(Registry value) {
            registry = value;
            return this;
        }

        /** Where the profile's state lives (packages are written below it). */
        public Builder stateDir(Path dir) {
            stateDir = dir;
            return this;
        }

        public Builder projectDir(Path dir) {
            projectDir = dir;
            return this;
        }

        public Builder outputDir(Path dir) {
            outputDir = dir;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder upstream(String name, Object value) {
            upstream.put(name, value.toString());
            return this;
        }

        public Builder model(ModelInfo info) {
            model = info;
            return this;
        }

        public TestStepContext build() {
            if (outputDir == null) throw new IllegalStateException("outputDir is required");
            return new TestStepContext(this);
        }
    }

    public List<String> progressMessages() {
        return List.copyOf(progressMessages);
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public Map<String, String> resolvedInputs() {
        return resolved;
    }

    @Override
    public String stepId() {
        return "test-step";
    }

    @Override
    public String pipelineName() {
        return "test-pipeline";
    }

    @Override
    public ModelInfo model() {
        return model;
    }

    @Override
    public Path projectDir() {
        return projectDir;
    }

    @Override
    public Path outputDir() {
        return outputDir;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Upstream upstream() {
        return name -> Optional.ofNullable(upstream.get(name));
    }

    @Override
    public <T> T resource(Class<T> type) {
        if (type == SparkSession.class) return type.cast(TestSpark.session());
        throw new IllegalArgumentException("no test resource of type " + type.getName());
    }

    @Override
    public Registry registry() {
        if (registry == null) throw new UnsupportedOperationException("this test context was built without a registry");
        return registry;
    }

    @Override
    public Profile profile() {
        var all = new HashMap<String, String>(settings);
        if (stateDir != null) all.put("state_dir", stateDir.toString());
        return new Profile("test", projectDir, all);
    }

    @Override
    public Lineage lineage() {
        return new Lineage(runId(), pipelineName(), "pipelines/test.yaml", "0".repeat(64), "0".repeat(40),
                !gitChanges.isEmpty(), "test", Map.of(), gitChanges);
    }

    @Override
    public Progress progress() {
        return message -> {
            synchronized (progressMessages) {
                progressMessages.add(message);
            }
        };
    }

    @Override
    public Logger log() {
        return LoggerFactory.getLogger("pitstop.test");
    }

    @Override
    public Clock clock() {
        return Clock.fixed(now, ZoneOffset.UTC);
    }
}
