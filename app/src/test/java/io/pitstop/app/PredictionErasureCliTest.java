package io.pitstop.app;

import io.pitstop.engine.cli.PitstopCli;
import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.predictions.PredictionErasure;
import io.pitstop.engine.registry.AuditEntry;
import io.pitstop.engine.registry.AuditHeadFile;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.run.PipelineLock;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.steps.spark.SparkSessionResource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code predictions erase} as an operator runs it, on a real Delta table, a real SQLite registry and
 * run store: refusals write nothing, the scoring pipeline's lock is taken, the audit entry holds counts
 * and no key, and no file on disk holds the erased subject afterwards.
 */
class PredictionErasureCliTest {

    private static final String GONE = "7590-VHVEG";
    private static final String KEPT = "5575-GNVDE";
    private static final String TABLE = ".pitstop/tables/churn_predictions";
    private static final StructType SCHEMA = new StructType()
            .add("customer_id", DataTypes.StringType).add("score", DataTypes.DoubleType);

    record Cli(int exit, String out, String err) {
        String transcript() {
            return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private static Cli cli(Path project, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] all = Stream.concat(Stream.of(args), Stream.of("--project", project.toString())).toArray(String[]::new);
            exit = PitstopCli.execute(all);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static SparkSession spark(Path dir) throws Exception {
        return SparkSessionResource.build("local[1]", dir.resolve("spark"), Map.of());
    }

    private static void write(SparkSession spark, Path table, String mode, String... keys) {
        List<Row> rows = Stream.of(keys).map(k -> RowFactory.create(k, 0.5)).toList();
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode(mode)
                .option("userMetadata", "{\"run_id\":\"run-1\",\"model\":\"churn\",\"model_version\":\"1.0.0\"}")
                .save(table.toString());
    }

    private static Set<String> rawKeys(SparkSession spark, Path table) throws Exception {
        var out = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(table)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_delta_log")).toList()) {
                for (Row r : spark.read().parquet(f.toString()).collectAsList()) out.add(r.getString(0));
            }
        }
        return out;
    }

    @Test
    void erasesASubjectEverywhereAuditsCountsOnlyAndRefusesBadInputWithoutWriting(@TempDir Path project) throws Exception {
        Files.createDirectories(project.resolve("conf"));
        Files.writeString(project.resolve("conf/local.yaml"), "state_dir: .pitstop\nstore: {url: jdbc:sqlite:.pitstop/pitstop.db}\n");
        var profile = ProfileLoader.load(project, "local");
        Path table = project.resolve(TABLE);
        try (var store = SqlRunStore.open(profile)) {
            new SqlRegistry(store.database(), store.clock(), AuditHeadFile.of(profile))
                    .register("churn", "1.0.0", "run-1", "packages/churn-1.0.0", "0".repeat(64), "ci");
            store.createRun(new RunRecord("run-1", "churn", "pipelines/churn.yaml", "0".repeat(64), "", "abc", false,
                    "local", RunStatus.SUCCEEDED, Instant.now(), Instant.now(), null, "{}"));
        }
        SparkSession spark = spark(project);
        // As scoring makes it: per-file statistics on the score only, so the log never names a key.
        spark.sql("CREATE TABLE delta.`" + table + "` (customer_id STRING, score DOUBLE) USING delta"
                + " TBLPROPERTIES ('delta.dataSkippingStatsColumns' = 'score')");
        write(spark, table, "append", GONE, KEPT, "1111-AAAAA");
        write(spark, table, "overwrite", GONE, KEPT); // version 1: the subject is in both versions' files

        // A keys file with a bad line: refused naming file:line, before anything is opened.
        Path keys = Files.writeString(project.resolve("keys.txt"), GONE + "\n \n" + KEPT + " \n");
        Cli bad = cli(project, "predictions", "erase", TABLE, "--keys-file", keys.toString());
        assertEquals(2, bad.exit(), bad.transcript());
        assertTrue(bad.err().contains(keys + ":2: empty key") && bad.err().contains(keys + ":3: leading or trailing"),
                bad.transcript());
        // An unknown table and an unknown column: refused, exit 2.
        Cli noTable = cli(project, "predictions", "erase", ".pitstop/tables/none", "--key", GONE);
        assertEquals(2, noTable.exit(), noTable.transcript());
        Cli noColumn = cli(project, "predictions", "erase", TABLE, "--key", GONE, "--key-column", "customerID");
        assertEquals(2, noColumn.exit(), noColumn.transcript());
        assertTrue(noColumn.err().contains("no column 'customerID'"), noColumn.transcript());
        // While the pipeline that scores into the table runs, the erasure waits its turn: refused, nothing written.
        try (var held = PipelineLock.acquire(profile.stateDir(), "churn", "run-2")) {
            Cli locked = cli(project, "predictions", "erase", TABLE, "--key", GONE);
            assertEquals(1, locked.exit(), locked.transcript());
            assertTrue(locked.err().contains("pipeline 'churn' is already running (run run-2)"), locked.transcript());
        }
        spark = spark(project);
        assertTrue(rawKeys(spark, table).contains(GONE), "the refusals erased something");
        assertEquals(2, spark.read().format("delta").option("versionAsOf", 1).load(table.toString()).filter(
                "customer_id = '" + GONE + "' or customer_id = '" + KEPT + "'").count(), "time travel broke before any erasure");

        Cli erased = cli(project, "predictions", "erase", TABLE, "--key", GONE, "--actor", "dpo");
        assertEquals(0, erased.exit(), erased.transcript());
        assertTrue(erased.out().contains("erased 1 rows") && erased.out().contains("time travel to versions before 3 has ended"),
                erased.transcript());
        assertFalse(erased.out().contains("warning") || erased.out().contains(GONE), erased.transcript());

        spark = spark(project);
        assertEquals(Set.of(KEPT), rawKeys(spark, table));
        var current = spark.read().format("delta").load(table.toString()).collectAsList();
        assertEquals(List.of(KEPT), current.stream().map(r -> r.getString(0)).toList());

        try (var store = SqlRunStore.open(profile)) {
            List<AuditEntry> audit = new SqlRegistry(store).audit("churn");
            AuditEntry entry = audit.get(audit.size() - 1);
            assertTrue(entry.reason().startsWith(PredictionErasure.AUDIT_REASON + ": 1 key requested"), entry.toString());
            assertEquals("dpo", entry.actor());
            assertEquals(entry.from(), entry.to(), "an erasure moves no stage");
            assertFalse(entry.toString().contains(GONE), "the audit entry holds the erased key: " + entry);
        }
        // Not in the Delta log either (a DELETE ... WHERE would have logged the keys in its predicate).
        try (Stream<Path> files = Files.walk(table)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".parquet")).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(GONE), f.toString());
            }
        }
        // Nowhere in the registry's database file either.
        assertFalse(new String(Files.readAllBytes(project.resolve(".pitstop/pitstop.db")), StandardCharsets.ISO_8859_1)
                .contains(GONE));
        Cli verify = cli(project, "audit", "verify");
        assertEquals(0, verify.exit(), verify.transcript());

        // A key the table does not hold (any more): reported, exit 3, nothing written.
        Cli again = cli(project, "predictions", "erase", TABLE, "--key", GONE);
        assertEquals(3, again.exit(), again.transcript());
        assertTrue(again.out().contains("0 rows erased"), again.transcript());
    }
}
