package io.pitstop.engine.run;

import io.pitstop.engine.lineage.CompiledSources;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The acceptance for honest caching, on step kinds javac compiles in the test as a rebuilt
 * project would: changing the scoring kind's code leaves a cached training step cached and re-runs
 * scoring; changing the training kind's code retrains; changing a class both use re-runs both.
 */
class CodeChangeCacheTest {

    @TempDir
    Path dir;
    @TempDir
    Path builds;
    RunnerProject project;
    int build;

    @BeforeEach
    void open() throws Exception {
        project = RunnerProject.open(dir);
    }

    @AfterEach
    void close() {
        project.close();
    }

    static String shared(String format) {
        return """
                package io.pitstop.fixture.model;
                public final class ModelFile {
                    public static String format() { return "%s"; }
                }
                """.formatted(format);
    }

    static String train(String help) {
        return """
                package io.pitstop.fixture.train;
                import io.pitstop.engine.step.*;
                import io.pitstop.fixture.model.ModelFile;
                public final class TrainKind implements Step<TrainKind.Params> {
                    public record Params(Integer epochs) {}
                    public String kind() { return "fixture.train"; }
                    public String description() { return "%s"; }
                    public Class<Params> paramsType() { return Params.class; }
                    public java.util.Set<String> produces(Params p) { return java.util.Set.of("model"); }
                    public StepResult run(Params p, StepContext ctx) throws Exception {
                        var out = ctx.outputDir().resolve("model.txt");
                        java.nio.file.Files.writeString(out, ModelFile.format() + " " + p.epochs());
                        return StepResult.succeeded().output("model", out).build();
                    }
                }
                """.formatted(help);
    }

    static String score(String help) {
        return """
                package io.pitstop.fixture.score;
                import io.pitstop.engine.step.*;
                import io.pitstop.fixture.model.ModelFile;
                public final class ScoreKind implements Step<ScoreKind.Params> {
                    public record Params() {}
                    public String kind() { return "fixture.score"; }
                    public String description() { return "%s"; }
                    public Class<Params> paramsType() { return Params.class; }
                    public java.util.Set<String> consumes(Params p) { return java.util.Set.of("model"); }
                    public java.util.Set<String> produces(Params p) { return java.util.Set.of("scores"); }
                    public StepResult run(Params p, StepContext ctx) throws Exception {
                        var out = ctx.outputDir().resolve("scores.txt");
                        java.nio.file.Files.writeString(out, ModelFile.format()
                                + java.nio.file.Files.readString(ctx.upstream().path("model")));
                        return StepResult.succeeded().output("scores", out).build();
                    }
                }
                """.formatted(help);
    }

    /** Builds the three classes, runs the pipeline with the kinds they define, and says how each step ended. */
    Map<String, StepStatus> runBuild(String shared, String train, String score) throws Exception {
        try (var compiled = CompiledSources.compile(builds.resolve("build" + build++), Map.of(
                "io.pitstop.fixture.model.ModelFile", shared,
                "io.pitstop.fixture.train.TrainKind", train,
                "io.pitstop.fixture.score.ScoreKind", score), Map.of())) {
            var outcome = project.run("""
                    pipeline: p
                    model: { name: m }
                    steps:
                      - id: train
                        uses: fixture.train
                        with: { epochs: 2 }
                      - id: score
                        uses: fixture.score
                        needs: [train]
                    """,
                    (Step<?>) compiled.load("io.pitstop.fixture.train.TrainKind").getConstructor().newInstance(),
                    (Step<?>) compiled.load("io.pitstop.fixture.score.ScoreKind").getConstructor().newInstance());
            assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
            return project.store().steps(outcome.runId()).stream()
                    .collect(Collectors.toMap(StepRecord::stepId, StepRecord::status));
        }
    }

    @Test
    void changingScoringCodeLeavesTrainingCachedAndChangingTrainingCodeRetrains() throws Exception {
        assertEquals(Map.of("train", StepStatus.SUCCEEDED, "score", StepStatus.SUCCEEDED),
                runBuild(shared("v1"), train("trains"), score("scores")));
        assertEquals(Map.of("train", StepStatus.CACHED, "score", StepStatus.CACHED),
                runBuild(shared("v1"), train("trains"), score("scores")), "a rebuild of unchanged sources keeps the cache");

        assertEquals(Map.of("train", StepStatus.CACHED, "score", StepStatus.SUCCEEDED),
                runBuild(shared("v1"), train("trains"), score("scores a batch")), "scoring code changed");

        assertEquals(Map.of("train", StepStatus.SUCCEEDED, "score", StepStatus.SUCCEEDED),
                runBuild(shared("v1"), train("trains a network"), score("scores a batch")),
                "training code changed: it retrains, and scoring re-runs on the new model");

        assertEquals(Map.of("train", StepStatus.SUCCEEDED, "score", StepStatus.SUCCEEDED),
                runBuild(shared("v2"), train("trains a network"), score("scores a batch")),
                "the class both use changed");
    }

    @Test
    void aKindThatNamesASharedResourcesTypeCoversItsProvidersCodeAndAnotherKindDoesNot() throws Exception {
        java.util.function.Function<String, String[]> versions = provider -> {
            try (var compiled = io.pitstop.engine.lineage.CompiledSources.compile(builds.resolve("resource" + build++), Map.of(
                    "io.pitstop.fixture.r.Session", "package io.pitstop.fixture.r; public interface Session {}",
                    "io.pitstop.fixture.r.SessionProvider", "package io.pitstop.fixture.r; public final class SessionProvider {"
                            + " String conf() { return \"" + provider + "\"; } }",
                    "io.pitstop.fixture.a.UsesIt", "package io.pitstop.fixture.a; public final class UsesIt {"
                            + " Object run(io.pitstop.engine.step.StepContext ctx) {"
                            + " return ctx.resource(io.pitstop.fixture.r.Session.class); } }",
                    "io.pitstop.fixture.b.NotIt", "package io.pitstop.fixture.b; public final class NotIt {}"), Map.of())) {
                Map<Class<?>, Class<?>> providers = Map.of(compiled.load("io.pitstop.fixture.r.Session"),
                        compiled.load("io.pitstop.fixture.r.SessionProvider"));
                return new String[]{
                        StepExecution.resourcesVersion(compiled.load("io.pitstop.fixture.a.UsesIt"), providers).orElseThrow(),
                        StepExecution.resourcesVersion(compiled.load("io.pitstop.fixture.b.NotIt"), providers).orElse("none")};
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String[] before = versions.apply("shuffle 4");
        String[] after = versions.apply("shuffle 8");
        assertEquals("none", before[1], "a kind that never asks for the session does not depend on its code");
        org.junit.jupiter.api.Assertions.assertNotEquals(before[0], after[0],
                "the session's settings changed: a kind that computes with it must run again");
        assertEquals(before[0], versions.apply("shuffle 4")[0]);
    }
}
