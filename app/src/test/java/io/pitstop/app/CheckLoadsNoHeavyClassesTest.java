package io.pitstop.app;

import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.ContractLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check} starts nothing heavy: the real {@code check} of the demo pipeline, in a fresh JVM with
 * the launcher's flags, records every class the JVM loads ({@code -Xlog:class+load}), and
 *
 * <ul>
 *   <li>none is DL4J's, ND4J's or JavaCPP's: binding and validating {@code train.network} touches
 *       parameter names only, resolved to ND4J when training builds the network;</li>
 *   <li>no Spark or Scala class is loaded beyond those Spark's SQL expression parser loads on its own.
 *       {@code check} parses each contract predicate's SQL with that parser, so a broken predicate is
 *       refused before a run (it needs no SparkSession); the allowance is measured, not listed: a second
 *       fresh JVM parses the same predicates and nothing else, and {@code check}'s Spark and Scala classes
 *       must be a subset of that one's. A SparkSession, a SparkContext or Deequ at {@code check} fails it.</li>
 * </ul>
 */
class CheckLoadsNoHeavyClassesTest {

    private static final Pattern LOADED = Pattern.compile("\\[class,load\\] (\\S+) ");
    private static final Path PIPELINE = DemoProject.REPO.resolve("pipelines/telco-churn.yaml");
    private static final Path CONTRACT = DemoProject.REPO.resolve("data-contracts/telco-churn.yaml");

    @Test
    void checkOfTheDemoPipelineLoadsNoDl4jNd4jAndNoSparkBeyondItsSqlParser(@TempDir Path tmp) throws Exception {
        Set<String> check = loadedClasses(tmp.resolve("check.log"), "io.pitstop.engine.cli.PitstopCli",
                "check", PIPELINE.toString());
        assertTrue(check.contains("io.pitstop.steps.train.NetworkParams"),
                "check did not bind train.network's params: the test would prove nothing");

        List<String> deepLearning = check.stream().filter(c -> c.startsWith("org.deeplearning4j.")
                || c.startsWith("org.nd4j.") || c.startsWith("org.bytedeco.")).toList();
        assertEquals(List.of(), deepLearning, "check loaded DL4J/ND4J/JavaCPP classes");

        List<String> predicates = ContractLoader.load(CONTRACT).checks().stream()
                .filter(c -> c instanceof CheckSpec.Predicate).map(c -> ((CheckSpec.Predicate) c).sql()).toList();
        assertTrue(!predicates.isEmpty(), "the demo contract declares no predicate: drop the parser allowance");
        Set<String> parser = loadedClasses(tmp.resolve("parser.log"), ParsePredicates.class.getName(),
                predicates.toArray(String[]::new));

        Set<String> beyondParser = new TreeSet<>();
        for (String c : check) {
            if ((c.startsWith("org.apache.spark.") || c.startsWith("scala.") || c.startsWith("com.amazon.deequ."))
                    && !parser.contains(c)) {
                beyondParser.add(c);
            }
        }
        assertEquals(Set.of(), beyondParser, "check loaded Spark/Scala/Deequ classes that parsing its predicates does not");
    }

    /** The classes a fresh JVM loads running {@code main} with {@code args}, with the launcher's JVM flags. */
    static Set<String> loadedClasses(Path log, String main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String flag : Files.readString(DemoProject.REPO.resolve("app/target/jvm.flags")).strip().split("\\s+")) {
            command.add(flag);
        }
        command.add("-Xlog:class+load=info:file=" + log);
        command.add("-Dpitstop.home=" + DemoProject.REPO);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(DemoProject.REPO.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(main + " did not finish in 5 minutes:\n" + out);
        }
        assertEquals(0, p.exitValue(), main + " failed:\n" + out);
        Set<String> loaded = new TreeSet<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LOADED.matcher(line);
            // A lambda's hidden class is named after its host plus an address that differs per JVM: count the host.
            if (m.find()) loaded.add(m.group(1).replaceFirst("\\$\\$Lambda.*$", ""));
        }
        assertTrue(loaded.contains(main), "no class loading recorded in " + log);
        return loaded;
    }

    /** Parses each argument with Spark's SQL expression parser, as {@code check} does, and does nothing else. */
    static final class ParsePredicates {
        public static void main(String[] args) {
            for (String sql : args) org.apache.spark.sql.catalyst.parser.CatalystSqlParser$.MODULE$.parseExpression(sql);
        }
    }
}
