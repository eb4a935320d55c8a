package io.pitstop.steps.score;

import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageManifest;
import io.pitstop.engine.pkg.PackageWriter;
import io.pitstop.engine.pkg.SemVer;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.TestStepContext;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.profile.DatasetProfiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A project directory for scoring tests: a real SQLite registry, packages written by the real
 * {@link PackageWriter} from the trained Telco test model and the bundled contract (with a training
 * profile made by {@link DatasetProfiler} when asked), and CSV slices of the Telco data as inputs.
 */
final class ScoringProject implements AutoCloseable {

    static final Path CONTRACT = Path.of("..", "data-contracts", "telco-churn.yaml").toAbsolutePath().normalize();

    final Path dir;
    final SqlRunStore store;
    final SqlRegistry registry;

    ScoringProject(Path dir) {
        this.dir = dir;
        this.store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve("pitstop.db"));
        this.registry = new SqlRegistry(store);
    }

    /** Packages the test model as {@code version}, registers it and moves it to {@code stage}. */
    ModelPackage release(String version, Stage stage, boolean withProfile, Instant createdAt) throws IOException {
        return release(version, stage, withProfile, createdAt, CONTRACT);
    }

    /** As {@link #release(String, Stage, boolean, Instant)}, with {@code contract} as the package's input contract. */
    ModelPackage release(String version, Stage stage, boolean withProfile, Instant createdAt, Path contract)
            throws IOException {
        Path staging = Files.createDirectories(dir.resolve("staging-" + version));
        copyTree(TrainedTelcoModel.modelDir(), staging.resolve("model"));
        Files.copy(contract, staging.resolve("contract.yaml"));
        if (withProfile) {
            new DatasetProfiler().profile("telco-train", TelcoData.first(1000))
                    .write(io.pitstop.engine.pkg.PackageLayout.PROFILE.in(staging));
        }
        var manifest = PackageManifest.of("churn", SemVer.parse(version), createdAt, Map.of(), null, Map.of());
        // Signed with the pair the step contexts' profile names (created under the state dir on first use).
        var keys = io.pitstop.engine.pkg.PackageKeys.of(context("keys").build().profile());
        ModelPackage pkg = new PackageWriter(dir.resolve("packages"), keys).write(staging, manifest);
        registry.register("churn", version, "run-" + version, pkg.dir().toString(), pkg.manifestSha256(), "test");
        if (stage != Stage.STAGING) registry.transition("churn", version, stage, "test", "test", "run-" + version, "");
        return pkg;
    }

    /** The first {@code rows} lines of the Telco CSV (after the header) as an input file. */
    Path csv(String name, int rows) throws IOException {
        List<String> lines;
        try (Stream<String> all = Files.lines(TelcoData.CSV)) {
            lines = all.limit(rows + 1L).toList();
        }
        return Files.write(dir.resolve(name), lines);
    }

    TestStepContext.Builder context(String runId) throws IOException {
        return TestStepContext.builder().projectDir(dir).stateDir(dir.resolve(".pitstop")).registry(registry)
                .runId(runId).outputDir(Files.createDirectories(dir.resolve("out-" + runId)));
    }

    long tableVersion(String table) {
        return io.delta.tables.DeltaTable.forPath(TestSpark.session(), dir.resolve(table).toString())
                .history(1).select("version").first().getLong(0);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
