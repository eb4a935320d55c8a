package io.pitstop.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The module and package rules of Pitstop's architecture, checked on the compiled production classes
 * of the engine and steps modules (tests excluded): the app module has both on its class path.
 * {@code check}'s own rule, that it loads no Spark, DL4J or ND4J class, is a class-loading test:
 * {@link CheckLoadsNoHeavyClassesTest}.
 */
class ArchitectureTest {

    /**
     * The step kinds: one package each, found by ServiceLoader. Every other {@code io.pitstop.steps.*}
     * package (model, features, profile, drift, spark, and the artifact types the kinds exchange) is
     * shared, and any kind may use it.
     */
    static final List<String> STEP_KINDS = List.of("data", "evaluate", "gate", "release", "reproduce", "score", "train", "init", "outcomes");

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.pitstop");
        if (classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.pitstop.steps."))
                || classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.pitstop.engine."))) {
            throw new IllegalStateException("the engine's and the steps' classes are not on the class path: the rules would hold vacuously");
        }
    }

    /** The engine knows steps only through its {@code Step} interface and ServiceLoader, never a step's class. */
    @Test
    void theEngineDependsOnNoStep() {
        noClasses().that().resideInAPackage("io.pitstop.engine..")
                .should().dependOnClassesThat().resideInAPackage("io.pitstop.steps..")
                .because("steps are found through ServiceLoader; the engine (and its CLI) runs without Spark or DL4J")
                .check(classes);
    }

    /**
     * A step kind uses another kind's package neither for code nor for types: kinds exchange typed
     * artifacts through the shared packages, so each kind can change, and be fingerprinted, on its own.
     */
    @Test
    void stepKindsDoNotDependOnEachOther() {
        kindsIsolated().check(classes);
    }

    /**
     * The same rule on the sources: javac copies a {@code static final String} constant into the class that
     * uses it, so a kind naming another kind's constant (an artifact name, say) leaves no trace in bytecode.
     */
    @Test
    void stepKindsNameNoOtherKindInTheirSources() throws IOException {
        Path steps = DemoProject.REPO.resolve("steps/src/main/java/io/pitstop/steps");
        List<String> edges = new ArrayList<>();
        for (String kind : STEP_KINDS) {
            try (Stream<Path> files = Files.walk(steps.resolve(kind))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    Matcher m = KIND_REFERENCE.matcher(Files.readString(file));
                    while (m.find()) {
                        if (!m.group(1).equals(kind)) edges.add(steps.relativize(file) + " -> " + m.group(0));
                    }
                }
            }
        }
        assertEquals(List.of(), edges.stream().distinct().toList(), "step kinds naming another kind's package");
    }

    private static final Pattern KIND_REFERENCE =
            Pattern.compile("io\\.pitstop\\.steps\\.(" + String.join("|", STEP_KINDS) + ")\\.[A-Za-z_]\\w*");

    static ArchRule kindsIsolated() {
        List<ArchRule> rules = new ArrayList<>();
        for (String kind : STEP_KINDS) {
            String[] others = STEP_KINDS.stream().filter(k -> !k.equals(kind)).map(k -> "io.pitstop.steps." + k + "..")
                    .toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage("io.pitstop.steps." + kind + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("step kinds share through the shared artifact and model packages, not through each other"));
        }
        return CompositeArchRule.of(rules);
    }

    /**
     * The CLI is a client of the engine's APIs, checkable in two directions:
     * <ul>
     *   <li>its commands reach the run store and the registry through the {@code RunStore} and
     *       {@code Registry} interfaces. Only {@code Project}, where a command opens the project, names the
     *       SQL implementations (to open them), and no CLI class touches JDBC, Flyway or a database driver:
     *       a command that wrote SQL itself would bypass the store's schema, migrations and audit chain;</li>
     *   <li>nothing but the CLI depends on the CLI: the engine's parts (runner, store, registry, plans) are
     *       usable without it, by the Airflow tasks and the tests alike.</li>
     * </ul>
     */
    @Test
    void theCliUsesTheStoreAndRegistryThroughTheirInterfacesOnly() {
        noClasses().that().resideInAPackage("io.pitstop.engine.cli..")
                .and().doNotHaveFullyQualifiedName("io.pitstop.engine.cli.Project")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.pitstop.engine.store.SqlRunStore")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.pitstop.engine.registry.SqlRegistry")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.pitstop.engine.store.Database")
                .because("commands work on RunStore and Registry; Project alone opens the SQL implementations")
                .check(classes);
        noClasses().that().resideInAPackage("io.pitstop.engine.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.flywaydb..",
                        "org.sqlite..", "org.postgresql..")
                .because("the store and the registry own the database; the CLI asks them")
                .check(classes);
    }

    @Test
    void nothingButTheCliDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("io.pitstop.engine.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.pitstop.engine.cli..")
                .because("the CLI is the outermost layer: the engine's parts are used without it")
                .check(classes);
    }
}
