package io.pitstop.steps.train;

import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.TestStepContext;
import io.pitstop.steps.TrainedTelcoModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The train step refuses a key that does not name each row once — duplicated or null — before it
 * splits anything, because evaluation, the gate and scoring all tell rows apart by it.
 */
class KeyAuditTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "data").toAbsolutePath();

    /** A fixture CSV typed as the contract types it, written where the validate step writes its output. */
    private static Path validated(Path dir, String fixture) {
        Path out = dir.resolve("validated");
        TestSpark.session().read().option("header", "true").schema(TelcoData.schema())
                .csv(FIXTURES.resolve(fixture).toString()).coalesce(1).write().parquet(out.toString());
        return out;
    }

    private static StepResult train(Path dir, Path validated) throws Exception {
        var ctx = TestStepContext.builder().outputDir(dir.resolve("train")).seed(42).upstream("validated", validated).build();
        return new TrainNetworkStep().run(TrainedTelcoModel.params(2, null), ctx);
    }

    private static Dataset<Row> keys(DataType type, Object... values) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) rows.add(RowFactory.create(values[i], i));
        return TestSpark.session().createDataFrame(rows, DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", type, true),
                DataTypes.createStructField("x", DataTypes.IntegerType, false))));
    }

    @Test
    void aDuplicatedKeyFailsTrainingBeforeAnySplitNamingTheValueAndTheFix(@TempDir Path dir) throws Exception {
        // 31 customers; C000002 appears on lines 3 and 31.
        StepResult result = train(dir, validated(dir, "duplicate-customer-id.csv"));

        assertEquals(StepResult.Outcome.FAILED, result.outcome(), result.message());
        assertEquals("key 'customer_id' must name each row once, and does not: 1 key value occurs more than once,"
                + " on 2 of 31 rows: 'C000002' (2 rows). Evaluation, the gate and scoring tell rows apart by the key."
                + " Declare as key a column that is unique and never null, or, for data without an id, derive one in"
                + " the data contract: - { name: row_key, type: string, nullable: false, derived: { hash_of: [columns"
                + " that together tell rows apart] } } and key: row_key", result.message());
        assertEquals(Map.of("key_null_rows", 0.0, "key_duplicated_values", 1.0, "key_duplicated_rows", 2.0),
                result.metrics());
        assertTrue(result.outputs().isEmpty(), "nothing split or trained: " + result.outputs());
        assertFalse(Files.exists(dir.resolve("train").resolve("splits")), "no split was written");
    }

    @Test
    void aNullKeyFailsTrainingCountingTheRowsWithoutOne(@TempDir Path dir) throws Exception {
        // 31 customers; the row on line 3 has an empty customer_id.
        StepResult result = train(dir, validated(dir, "missing-customer-id.csv"));

        assertEquals(StepResult.Outcome.FAILED, result.outcome(), result.message());
        assertTrue(result.message().startsWith("key 'customer_id' must name each row once, and does not:"
                + " 1 of 31 rows has a null key. Evaluation, the gate and scoring"), result.message());
        assertTrue(result.message().contains("derived: { hash_of: ["), result.message());
        assertEquals(1.0, result.metrics().get("key_null_rows"));
        assertEquals(0.0, result.metrics().get("key_duplicated_values"));
    }

    @Test
    void nullsAndDuplicatesAreCountedTogetherAndAtMostTenValuesShownMostRepeatedFirst() {
        // 12 values repeated: 'k' 4 times, 'b' and 'a' 3 times, nine more twice; 2 nulls; 3 unique keys.
        var values = new ArrayList<Object>(List.of("k", "k", "k", "k", "b", "b", "b", "a", "a", "a"));
        for (String twice : List.of("p", "c", "q", "d", "r", "e", "s", "f", "t")) {
            values.add(twice);
            values.add(twice);
        }
        values.addAll(java.util.Arrays.asList(null, "u1", null, "u2", "u3"));
        KeyAudit audit = KeyAudit.of(keys(DataTypes.StringType, values.toArray()), "id");

        assertFalse(audit.sound());
        assertEquals(33, audit.rows());
        assertEquals(2, audit.nullRows());
        assertEquals(12, audit.duplicatedValues());
        assertEquals(28, audit.duplicatedRows());
        assertEquals(List.of(new KeyAudit.RepeatedKey("k", 4), new KeyAudit.RepeatedKey("a", 3),
                new KeyAudit.RepeatedKey("b", 3), new KeyAudit.RepeatedKey("c", 2), new KeyAudit.RepeatedKey("d", 2),
                new KeyAudit.RepeatedKey("e", 2), new KeyAudit.RepeatedKey("f", 2), new KeyAudit.RepeatedKey("p", 2),
                new KeyAudit.RepeatedKey("q", 2), new KeyAudit.RepeatedKey("r", 2)), audit.examples());
        assertTrue(audit.problem().startsWith("key 'id' must name each row once, and does not: 2 of 33 rows have a"
                + " null key; 12 key values occur more than once, on 28 of 33 rows, the 10 most repeated: 'k' (4 rows),"
                + " 'a' (3 rows), 'b' (3 rows), 'c' (2 rows), 'd' (2 rows), 'e' (2 rows), 'f' (2 rows), 'p' (2 rows),"
                + " 'q' (2 rows), 'r' (2 rows). Evaluation"), audit.problem());
    }

    @Test
    void integerCodesAreOrderedAsNumbersAndAFloatingPointKeyIsCountedExactly() {
        KeyAudit ints = KeyAudit.of(keys(DataTypes.IntegerType, 10, 9, 10, 9, 100, 7), "id");
        assertEquals(List.of(new KeyAudit.RepeatedKey("9", 2), new KeyAudit.RepeatedKey("10", 2)), ints.examples());
        assertEquals(4, ints.duplicatedRows());

        // Doubles are not hashed (0.0 equals -0.0 in Spark but not in its bytes): the group-by decides.
        KeyAudit doubles = KeyAudit.of(keys(DataTypes.DoubleType, 0.0, -0.0, 1.5, null), "id");
        assertEquals(List.of(new KeyAudit.RepeatedKey("0.0", 2)), doubles.examples());
        assertEquals(1, doubles.nullRows());
        assertEquals(4, doubles.rows());
        assertTrue(KeyAudit.of(keys(DataTypes.DoubleType, 0.5, 1.5, 2.5), "id").sound());
    }

    @Test
    void aUniqueNonNullKeyPassesAndTrainingGoesOn(@TempDir Path dir) throws Exception {
        assertTrue(KeyAudit.of(keys(DataTypes.LongType, 3L, 1L, 2L), "id").sound());
        KeyAudit telco = KeyAudit.of(TelcoData.first(100), "customer_id");
        assertTrue(telco.sound(), telco.toString());
        assertEquals(100, telco.rows());

        StepResult result = train(dir, TelcoData.validatedParquet(dir, 100));
        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        assertFalse(result.metrics().containsKey("key_null_rows"), "a sound key adds nothing: " + result.metrics());
    }
}
