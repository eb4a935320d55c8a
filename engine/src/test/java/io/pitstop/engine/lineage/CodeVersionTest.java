package io.pitstop.engine.lineage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A step kind's code version covers the classes it reaches and nothing else: two kinds compiled by
 * javac that share one engine-like class, changed one at a time as a rebuilt project would be.
 */
class CodeVersionTest {

    @TempDir
    Path dir;

    static String shared(String label) {
        return """
                package io.pitstop.fixture.shared;
                public final class Contract {
                    public static String label() { return "%s"; }
                }
                """.formatted(label);
    }

    static String kindA(String help) {
        return """
                package io.pitstop.fixture.a;
                import io.pitstop.fixture.shared.Contract;
                public final class KindA {
                    public String run() { return new Detail().text() + Contract.label(); }
                    static final class Detail {
                        String text() { return "%s"; }
                    }
                }
                """.formatted(help);
    }

    static String kindB(String help) {
        return """
                package io.pitstop.fixture.b;
                public final class KindB {
                    public String run(io.pitstop.fixture.shared.Contract[] contracts) { return "%s"; }
                }
                """.formatted(help);
    }

    record Versions(String a, String b, CodeVersion.Closure closureA) {
    }

    Versions build(String name, String shared, String a, String b, Map<String, String> resources) throws Exception {
        try (var compiled = CompiledSources.compile(dir.resolve(name), Map.of(
                "io.pitstop.fixture.shared.Contract", shared,
                "io.pitstop.fixture.a.KindA", a,
                "io.pitstop.fixture.b.KindB", b), resources)) {
            Class<?> kindA = compiled.load("io.pitstop.fixture.a.KindA");
            return new Versions(CodeVersion.of(kindA), CodeVersion.of(compiled.load("io.pitstop.fixture.b.KindB")),
                    CodeVersion.closure(kindA));
        }
    }

    @Test
    void changingOneKindLeavesTheOtherAndRebuildingUnchangedSourcesChangesNothing() throws Exception {
        var before = build("v1", shared("x"), kindA("help a"), kindB("help b"), Map.of());
        var rebuilt = build("v1-again", shared("x"), kindA("help a"), kindB("help b"), Map.of());
        assertEquals(before, rebuilt, "javac output is deterministic: a rebuild keeps every version");

        var aChanged = build("v2", shared("x"), kindA("a better help"), kindB("help b"), Map.of());
        assertNotEquals(before.a(), aChanged.a(), "a change in KindA's nested class changes KindA");
        assertEquals(before.b(), aChanged.b(), "KindB does not reach KindA");
    }

    @Test
    void changingTheSharedClassChangesBothKinds() throws Exception {
        var before = build("v1", shared("x"), kindA("help a"), kindB("help b"), Map.of());
        var after = build("v2", shared("y"), kindA("help a"), kindB("help b"), Map.of());
        assertNotEquals(before.a(), after.a());
        assertNotEquals(before.b(), after.b(), "KindB names Contract only in a method descriptor, as an array");
    }

    @Test
    void theClosureHoldsNestedClassesEngineContractsNotAndResourcesOfTheKindsPackage() throws Exception {
        var plain = build("v1", shared("x"), kindA("help a"), kindB("help b"), Map.of());
        assertEquals(java.util.Set.of("io.pitstop.fixture.a.KindA", "io.pitstop.fixture.a.KindA$Detail",
                "io.pitstop.fixture.shared.Contract"), plain.closureA().classNames());

        var withTemplate = build("v2", shared("x"), kindA("help a"), kindB("help b"),
                Map.of("io/pitstop/fixture/a/template.txt", "hello"));
        assertTrue(withTemplate.closureA().files().containsKey("io/pitstop/fixture/a/template.txt"));
        assertNotEquals(plain.a(), withTemplate.a(), "a resource the kind's package ships is its code too");
        assertEquals(plain.b(), withTemplate.b());
    }

    @Test
    void aStepKindReachesTheEngineContractsItUsesAndNotTheRunnerOrTheCommandLine() throws Exception {
        try (var compiled = CompiledSources.compile(dir.resolve("kind"), Map.of("io.pitstop.fixture.k.Kind", """
                package io.pitstop.fixture.k;
                import io.pitstop.engine.step.*;
                public final class Kind implements Step<Kind.Params> {
                    public record Params(String text) {}
                    public String kind() { return "fixture.k"; }
                    public String description() { return "a kind"; }
                    public Class<Params> paramsType() { return Params.class; }
                    public java.util.Set<String> produces(Params p) { return java.util.Set.of(); }
                    public StepResult run(Params p, StepContext ctx) { return StepResult.succeeded().build(); }
                }
                """), Map.of())) {
            var closure = CodeVersion.closure(compiled.load("io.pitstop.fixture.k.Kind")).classNames();
            assertTrue(closure.contains("io.pitstop.fixture.k.Kind$Params"), closure.toString());
            assertTrue(closure.contains("io.pitstop.engine.step.Step"), closure.toString());
            assertTrue(closure.contains("io.pitstop.engine.step.StepContext"), closure.toString());
            assertFalse(closure.stream().anyMatch(c -> c.startsWith("io.pitstop.engine.cli.")), closure.toString());
            assertFalse(closure.contains("io.pitstop.engine.run.Runner"), closure.toString());
        }
    }

    @Test
    void theEngineComponentCoversTheStepsContextButNotTheRunnerOrTheCommandLine() throws Exception {
        var closure = CodeVersion.closure(Class.forName("io.pitstop.engine.run.RunStepContext")).classNames();
        assertTrue(closure.contains("io.pitstop.engine.registry.SqlRegistry") || closure.contains("io.pitstop.engine.registry.Registry"),
                closure.toString());
        assertFalse(closure.stream().anyMatch(c -> c.startsWith("io.pitstop.engine.cli.")), closure.toString());
        assertFalse(closure.contains("io.pitstop.engine.run.Runner"), "how runs are orchestrated is no step's code");
    }

    @Test
    void aClassFileThatCannotBeReadFailsNamingItInsteadOfPassingAsUnchanged() throws Exception {
        try (var compiled = CompiledSources.compile(dir.resolve("broken"), Map.of(
                "io.pitstop.fixture.shared.Contract", shared("x"),
                "io.pitstop.fixture.a.KindA", kindA("help a")), Map.of())) {
            Class<?> kindA = compiled.load("io.pitstop.fixture.a.KindA");
            Files.delete(compiled.classes().resolve("io/pitstop/fixture/shared/Contract.class"));
            var e = assertThrows(IllegalStateException.class, () -> CodeVersion.of(kindA));
            assertTrue(e.getMessage().contains("io/pitstop/fixture/shared/Contract.class"), e.getMessage());
        }
    }
}
