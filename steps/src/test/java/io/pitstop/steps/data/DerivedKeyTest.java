package io.pitstop.steps.data;

import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.ColumnDerivation;
import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.Severity;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.dataset.DatasetReader;
import io.pitstop.steps.dataset.SchemaMismatchException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key derived from other columns ({@code derived: { hash_of: [...] }}) for data with no id column. */
class DerivedKeyTest {

    @TempDir
    Path tmp;

    private final DatasetReader reader = new DatasetReader(TestSpark.session());

    /** No id: an age, an income, a region and a label; the key is hashed from the first three. */
    private Contract noId(CheckSpec... checks) {
        return new Contract(tmp.resolve("no-id.yaml"), "no_id", "", List.of(
                new ColumnSpec("age", ColumnType.INTEGER, true, null),
                new ColumnSpec("income", ColumnType.DOUBLE, true, null),
                new ColumnSpec("region", ColumnType.STRING, true, null),
                new ColumnSpec("label", ColumnType.STRING, true, null),
                new ColumnSpec("row_key", ColumnType.STRING, false, null,
                        new ColumnDerivation(List.of("age", "income", "region")))), List.of(checks));
    }

    private Path file(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** Each row's label (unique in these files) to its key. */
    private static Map<String, String> keysByLabel(List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.getString(r.fieldIndex("label")),
                r -> r.getString(r.fieldIndex("row_key"))));
    }

    private static final String ROWS = """
            age,income,region,label
            41,1.5,north,r1
            41,1.5,south,r2
            42,1.5,north,r3
            41,2.5,north,r4
            ,1.5,north,r5
            41,,north,r6
            41,1.5,,r7
            """;

    @Test
    void theKeyIsTheDocumentedHashOfTheTypedValues() throws Exception {
        Map<String, String> keys = keysByLabel(reader.read(file("no-id.csv", ROWS), noId()).collectAsList());

        // Length-prefixed canonical texts, a dash for a null; doubles in Java's exact hexadecimal form.
        assertEquals(sha256("2:41" + "7:0x1.8p0" + "5:north"), keys.get("r1"));
        assertEquals(sha256("-" + "7:0x1.8p0" + "5:north"), keys.get("r5"));
        assertEquals(sha256("2:41" + "-" + "5:north"), keys.get("r6"));
    }

    @Test
    void anyDifferentSourceValueOrNullGivesADifferentKey() throws Exception {
        Map<String, String> keys = keysByLabel(reader.read(file("no-id.csv", ROWS), noId()).collectAsList());

        assertEquals(7, keys.values().stream().distinct().count(), "seven different rows, seven keys: " + keys);
        assertTrue(keys.values().stream().allMatch(k -> k.matches("[0-9a-f]{64}")), keys.toString());
    }

    @Test
    void separatorsAndNullsInValuesCannotMakeTwoRowsCollide() throws Exception {
        Contract twoStrings = new Contract(tmp.resolve("pairs.yaml"), "pairs", "", List.of(
                new ColumnSpec("a", ColumnType.STRING, true, null),
                new ColumnSpec("b", ColumnType.STRING, true, null),
                new ColumnSpec("label", ColumnType.STRING, true, null),
                new ColumnSpec("row_key", ColumnType.STRING, false, null, new ColumnDerivation(List.of("a", "b")))),
                List.of());
        Path csv = file("ambiguous-pairs.csv", """
                a,b,label
                "a,b",c,p1
                a,"b,c",p2
                ab,c,p3
                a,bc,p4
                ,x,p5
                x,,p6
                -,x,p7
                1:-,,p8
                1,:--,p9
                """);

        Map<String, String> keys = keysByLabel(reader.read(csv, twoStrings).collectAsList());

        assertEquals(9, keys.values().stream().distinct().count(), keys.toString());
    }

    @Test
    void theSameRowsGiveTheSameKeysInAnotherOrderOrWithExtraColumnsAndEquivalentSpellings() throws Exception {
        Map<String, String> original = keysByLabel(reader.read(file("no-id.csv", ROWS), noId()).collectAsList());
        // Scoring: other row order, a column the contract does not know, " 41" and "1.50" typed as 41 and 1.5.
        Path reordered = file("no-id-reordered-extra-column.csv", """
                segment,label,region,income,age
                x,r7,,1.5,41
                y,r3,north,1.5,42
                z,r1,north,1.50, 41
                w,r5,north,1.5,
                """);
        Contract forScoring = noId().forInput(List.of("row_key", "label"));

        Map<String, String> scored = keysByLabel(reader.readDeclared(reordered, forScoring).collectAsList());

        assertEquals(4, scored.size());
        scored.forEach((label, key) -> assertEquals(original.get(label), key, label));
    }

    @Test
    void theKeyIsTheSameWhateverTheSparkPartitioning() throws Exception {
        var once = reader.read(file("no-id.csv", ROWS), noId());
        Map<String, String> onePartition = keysByLabel(once.coalesce(1).collectAsList());
        Map<String, String> manyPartitions = keysByLabel(once.repartition(5).collectAsList());

        assertEquals(7, manyPartitions.size());
        assertEquals(onePartition, manyPartitions);
    }

    @Test
    void aFileColumnWithTheDerivedColumnsNameIsRefused() throws Exception {
        Path csv = file("carries-row-key.csv", "age,income,region,label,row_key\n1,1.0,n,a,k\n");

        var e = org.junit.jupiter.api.Assertions.assertThrows(SchemaMismatchException.class,
                () -> reader.read(csv, noId()));

        assertTrue(e.getMessage().contains("column row_key: is in the header (field 5) but the contract derives it"
                + " from [age, income, region]"), e.getMessage());
    }

    @Test
    void anIdLessFileIsValidatedWithItsDerivedKeyCheckedUnique() throws Exception {
        Contract contract = noId(new CheckSpec.Unique("row_key", Severity.ERROR, null));
        Files.writeString(tmp.resolve("contract.yaml"), "# built in Java\n");
        var ctx = DataStepContext.builder(tmp).outputDir(tmp.resolve("out"))
                .upstream("dataset", file("no-id.csv", ROWS).toString()).build();

        StepResult result = new DataValidateStep(f -> contract).run(new DataValidateParams("contract.yaml"), ctx);

        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        var validated = TestSpark.session().read().parquet(result.outputs().get("validated"));
        assertEquals(7, validated.select("row_key").distinct().count());

        Path duplicated = file("no-id-duplicate-row.csv", ROWS + "41,1.5,north,r8\n");
        var again = DataStepContext.builder(tmp).outputDir(tmp.resolve("out2"))
                .upstream("dataset", duplicated.toString()).build();
        StepResult refused = new DataValidateStep(f -> contract).run(new DataValidateParams("contract.yaml"), again);
        assertEquals(StepResult.Outcome.FAILED, refused.outcome(), "two identical rows share a key: " + refused.message());
        assertTrue(refused.message().contains("row_key"), refused.message());
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
