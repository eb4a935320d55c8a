package io.pitstop.engine.init;

import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.ContractLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * init's decisions on hand-made sketches (no Spark): bad input first, then the rules for the task,
 * codes, features, key and ranges, and the written contract read back by the real loader.
 */
class DatasetDesignTest {

    static final Path FILE = Path.of("/data/landing/Patients 2026.csv");

    @TempDir
    Path dir;

    // ---- bad input ---------------------------------------------------------------------------

    @Test
    void aLabelNotInTheHeaderIsNamedWithTheNearestColumn() {
        var e = assertThrows(UnusableDataException.class, () -> decide(sketch(100, text("Outcome", 60, 40), real("age")),
                new InitRequest("outcome", null, null, null, null)));
        assertEquals(1L, e.line());
        assertTrue(e.getMessage().startsWith(FILE + ":1: column 'outcome': the label column is not in the header"
                + " (did you mean 'Outcome'?)"), e.getMessage());
    }

    @Test
    void aLabelWithOneValueLeavesNothingToPredict() {
        var e = assertThrows(UnusableDataException.class, () -> decide(sketch(100, text("y", 100), real("x")), "y"));
        assertTrue(e.getMessage().contains("column 'y': the label has one value on every row"), e.getMessage());
    }

    @Test
    void aKeyOptionMustNameAColumnWithAValueOnEveryRowAndNoRepeats() {
        DataSketch s = sketch(100, text("y", 60, 40), real("x"), ints("visit", 10, false), id("ref", 3));
        var absent = assertThrows(UnusableDataException.class, () -> DatasetDesign.decide(s,
                new InitRequest("y", null, "vist", null, null)));
        assertTrue(absent.getMessage().contains("--key names no column of the header (did you mean 'visit'?)"),
                absent.getMessage());
        var repeated = assertThrows(UnusableDataException.class, () -> DatasetDesign.decide(s,
                new InitRequest("y", null, "visit", null, null)));
        assertTrue(repeated.getMessage().contains("column 'visit': --key: the values are not unique (10 distinct in 100 rows)"),
                repeated.getMessage());
        var empty = assertThrows(UnusableDataException.class, () -> DatasetDesign.decide(s,
                new InitRequest("y", null, "ref", null, null)));
        assertTrue(empty.getMessage().contains("column 'ref': --key: 3 rows have no value"), empty.getMessage());
    }

    @Test
    void aPositiveThatDiffersOnlyInCaseGetsADidYouMean() {
        var e = assertThrows(UnusableDataException.class, () -> DatasetDesign.decide(sketch(100, text("churn", 70, 30), real("x")),
                new InitRequest("churn", null, null, null, "YES")));
        assertTrue(e.getMessage().contains("column 'churn': --positive 'YES' is not a value of the label; its values are [v0, v1]"),
                e.getMessage());
        DataSketch yesNo = sketch(100, column("churn", ColumnType.STRING, 0, Map.of("no", 70L, "yes", 30L)), real("x"));
        var cased = assertThrows(UnusableDataException.class, () -> DatasetDesign.decide(yesNo,
                new InitRequest("churn", null, null, null, "Yes")));
        assertTrue(cased.getMessage().contains("(did you mean 'yes'? values are compared as written)"), cased.getMessage());
    }

    @Test
    void optionsThatCannotApplyAreRefused() {
        DataSketch s = sketch(100, text("y", 50, 30, 20), real("x"));
        assertThrows(InvalidInitOptionException.class, () -> DatasetDesign.decide(s, new InitRequest("y", "My Data", null, null, null)));
        assertThrows(InvalidInitOptionException.class, () -> DatasetDesign.decide(s, new InitRequest("y", null, null, "clustering", null)));
        var regression = assertThrows(UnusableDataException.class, () -> DatasetDesign.decide(s,
                new InitRequest("y", null, null, "regression", null)));
        assertTrue(regression.getMessage().contains("task regression needs a numeric label; the label is string"),
                regression.getMessage());
        var binary = assertThrows(UnusableDataException.class, () -> DatasetDesign.decide(s,
                new InitRequest("y", null, null, "binary", null)));
        assertTrue(binary.getMessage().contains("task binary needs a label with two values; it has 3"), binary.getMessage());
        assertThrows(InvalidInitOptionException.class, () -> DatasetDesign.decide(s, new InitRequest("y", null, null, null, "v0")));
    }

    @Test
    void rowsThatRepeatInEveryColumnButTheLabelCannotBeKeyedAndAreRefused() {
        DataSketch s = new DataSketch(FILE, 100, List.of(text("y", 60, 40), real("x")), 4);
        var e = assertThrows(UnusableDataException.class, () -> decide(s, "y"));
        assertTrue(e.getMessage().contains("4 rows repeat an earlier row in every column but the label"), e.getMessage());
        assertTrue(e.getMessage().contains("add an id column and pass it as --key"), e.getMessage());
    }

    @Test
    void aFileWithNothingToLearnFromIsRefused() {
        var e = assertThrows(UnusableDataException.class, () -> decide(sketch(100, text("y", 60, 40), id("id", 0),
                column("constant", ColumnType.STRING, 0, Map.of("a", 100L))), "y"));
        assertTrue(e.getMessage().contains("no column is left to learn from"), e.getMessage());
    }

    // ---- the rules ---------------------------------------------------------------------------

    @Test
    void theTaskFollowsTheLabel() {
        DatasetDesign binary = decide(sketch(100, ints("sick", 2, false), real("x")), "sick");
        assertEquals(DatasetDesign.Task.BINARY, binary.task());
        assertEquals("1", binary.positive(), "a tie (one row each) goes to the last value in sorted order");

        DatasetDesign rarer = decide(sketch(100, column("churn", ColumnType.STRING, 0, Map.of("No", 73L, "Yes", 27L)), real("x")),
                "churn");
        assertEquals("Yes", rarer.positive());

        DatasetDesign multiclass = decide(sketch(100, ints("grade", 3, false), real("x")), "grade");
        assertEquals(DatasetDesign.Task.MULTICLASS, multiclass.task());
        assertEquals(List.of("0", "1", "2"), multiclass.classes());
        assertEquals(ColumnType.STRING, multiclass.declaredType(multiclass.label()), "integer classes are read as text");

        DatasetDesign regression = decide(sketch(100, ints("days", 40, false), real("x")), "days");
        assertEquals(DatasetDesign.Task.REGRESSION, regression.task());
        assertEquals(ColumnType.INTEGER, regression.declaredType(regression.label()));
        assertEquals(DatasetDesign.Task.REGRESSION, decide(sketch(100, real("price"), real("x")), "price").task());
        assertEquals(DatasetDesign.Task.REGRESSION, decide(sketch(100, ints("rating", 5, false), real("x")),
                new InitRequest("rating", null, null, "regression", null)).task(), "--task wins over inference");
        var tooMany = assertThrows(UnusableDataException.class, () -> decide(sketch(100, ints("days", 40, false), real("x")),
                new InitRequest("days", null, null, "multiclass", null)));
        assertTrue(tooMany.getMessage().contains("the label has 40 distinct values, too many classes for task multiclass"
                + " (at most 20); --task regression predicts it as a number"), tooMany.getMessage());
    }

    @Test
    void integerCodesAreCategoricalAndQuantitiesNumericAndLongTextIsLeftOut() {
        DatasetDesign d = decide(sketch(200, text("y", 120, 80), ints("stage", 4, false), ints("visits", 11, false),
                real("weight"), text("city", 3, 5, 7, 185), many("comment", 190), id("row", 0)), "y");
        assertEquals(List.of("stage", "city"), d.categorical());
        assertEquals(List.of("visits", "weight"), d.numeric());
        assertEquals(ColumnType.STRING, d.declaredType(d.sketch().column("stage").orElseThrow()));
        assertEquals(ColumnType.INTEGER, d.declaredType(d.sketch().column("visits").orElseThrow()));
        assertTrue(d.excluded().get("comment").startsWith("about 190 distinct values in 200 rows, too many"), d.excluded().toString());
        assertEquals("row", d.key());
        assertFalse(d.derivedKey());
    }

    @Test
    void theKeyIsAnIdLikeColumnElseAUniqueTextColumnElseDerivedFromEveryColumnButTheLabel() {
        assertEquals("PassengerId", decide(sketch(50, text("y", 30, 20), uniqueInts("Age"), uniqueInts("PassengerId"),
                real("x")), "y").key());
        assertEquals("ticket", decide(sketch(50, text("y", 30, 20), uniqueInts("Age"), id("ticket", 0), real("x")), "y").key());

        DatasetDesign derived = decide(sketch(50, real("a b"), text("y", 30, 20), uniqueInts("count"),
                column("row_key", ColumnType.STRING, 0, Map.of("p", 20L, "q", 30L))), "y");
        assertTrue(derived.derivedKey());
        assertEquals("row_key_2", derived.key(), "the file already has a row_key column");
        assertEquals(List.of("a b", "count", "row_key"), derived.keyHashOf());
    }

    @Test
    void rangesAreWidenedByHalfTheSpanAndRoundedOutward() {
        assertEquals("10..80", text(WidenedRange.of(32.1, 59.6, true)));
        assertEquals("0..110", text(WidenedRange.of(0, 72, true)), "tenure 0..72: the floor stays at 0");
        assertEquals("-150..150", text(WidenedRange.of(-72, 72, false)));
        assertEquals("0.001..0.012", text(WidenedRange.of(0.004, 0.009, true)));
        assertEquals("2..8", text(WidenedRange.of(5, 5, true)), "a constant widens by half its size");
        assertEquals("-1..1", text(WidenedRange.of(0, 0, false)));
    }

    @Test
    void namesComeFromTheFileAndAreQuotedInYamlWhenNeeded() {
        assertEquals("patients-2026", DatasetDesign.nameOf(FILE));
        assertEquals("dataset", DatasetDesign.nameOf(Path.of("___.csv")));
        assertEquals("mean_radius", YamlText.name("mean_radius"));
        assertEquals("\"mean radius\"", YamlText.name("mean radius"));
        assertEquals("\"od280/od315\"", YamlText.name("od280/od315"));
        assertEquals("\"no\"", YamlText.name("no"));
        assertEquals("\"2007\"", YamlText.name("2007"));
        assertEquals("\"say \\\"hi\\\"\"", YamlText.quoted("say \"hi\""));
    }

    @Test
    void theWrittenContractReadsBackWithEveryColumnAndCheck() throws Exception {
        DatasetDesign d = decide(sketch(200, column("Churn?", ColumnType.STRING, 0, Map.of("No", 150L, "Yes", 50L)),
                ints("stage", 4, false), withNulls(real("mean radius"), 12, 0.91), text("no", 100, 100), id("customer_id", 0)),
                "Churn?");
        Path contract = dir.resolve("contract.yaml");
        Files.writeString(contract, ContractDraft.write(d, "data/landing/x.csv"));
        Contract c = ContractLoader.load(contract);

        assertEquals("patients_2026", c.dataset());
        assertEquals(List.of("Churn?", "stage", "mean radius", "no", "customer_id"),
                c.columns().stream().map(io.pitstop.engine.contract.ColumnSpec::name).toList());
        assertEquals(ColumnType.STRING, c.column("stage").orElseThrow().type());
        assertTrue(c.column("mean radius").orElseThrow().nullable());
        assertFalse(c.column("stage").orElseThrow().nullable());
        var checks = c.checks();
        assertTrue(checks.contains(new CheckSpec.Unique("customer_id", io.pitstop.engine.contract.Severity.ERROR,
                checks.get(0).location())), checks.toString());
        var rowCount = (CheckSpec.RowCount) checks.stream().filter(k -> k instanceof CheckSpec.RowCount).findFirst().orElseThrow();
        assertEquals(100L, rowCount.min());
        var label = (CheckSpec.AllowedValues) checks.stream().filter(k -> "Churn?".equals(k.column())).findFirst().orElseThrow();
        assertEquals(List.of("No", "Yes"), label.values());
        assertEquals(io.pitstop.engine.contract.Severity.ERROR, label.severity());
        var stage = (CheckSpec.AllowedValues) checks.stream().filter(k -> "stage".equals(k.column())).findFirst().orElseThrow();
        assertEquals(List.of("0", "1", "2", "3"), stage.values());
        assertEquals(io.pitstop.engine.contract.Severity.WARNING, stage.severity());
        var radius = checks.stream().filter(k -> "mean radius".equals(k.column())).toList();
        assertEquals(2, radius.size(), radius.toString());
        var completeness = (CheckSpec.Completeness) radius.stream().filter(k -> k instanceof CheckSpec.Completeness)
                .findFirst().orElseThrow();
        assertEquals(0.91, completeness.min());
        var r = (CheckSpec.Range) radius.stream().filter(k -> k instanceof CheckSpec.Range).findFirst().orElseThrow();
        assertTrue(r.min() <= 1.0 && r.max() >= 100.0, r.toString());
        assertTrue(checks.stream().noneMatch(k -> "no".equals(k.column())),
                "Deequ did not call 'no' categorical (in this sketch), so no allowed values: " + checks);
    }

    @Test
    void aDerivedKeyIsWrittenAsAHashOfEveryColumnButTheLabel() {
        DatasetDesign d = decide(sketch(100, real("mean radius"), text("y", 60, 40), ints("code", 3, false)), "y");
        String contract = ContractDraft.write(d, "data/landing/x.csv");
        assertTrue(contract.contains("  - { name: row_key, type: string, nullable: false, derived: { hash_of: [\"mean radius\", code] } }\n"),
                contract);
        assertTrue(contract.contains("  - { kind: unique, column: row_key }"), contract);
        String pipeline = PipelineDraft.write(d, "data/landing/x.csv", "data/x.csv", "data-contracts/x.yaml");
        assertTrue(pipeline.contains("      key: row_key"), pipeline);
        assertTrue(pipeline.contains("      positive: \"v1\"   # the rarer value: 40 of 100 rows\n"), pipeline);
        assertTrue(pipeline.contains("        categorical: [code]\n        numeric: [\"mean radius\"]\n"), pipeline);
        assertTrue(pipeline.contains("floors: { auc: 0.6 }"), pipeline);
    }

    @Test
    void theGateFloorOfAMulticlassModelLiesAboveAlwaysAnsweringTheCommonestClass() {
        DatasetDesign d = decide(sketch(100, text("species", 44, 36, 20), real("x")), "species");
        String pipeline = PipelineDraft.write(d, "data/landing/x.csv", "data/x.csv", "data-contracts/x.yaml");
        // 0.44 + 0.25 * 0.56 = 0.58
        assertTrue(pipeline.contains("floors: { accuracy: 0.58 }   # always answering the commonest class scores 0.440"),
                pipeline);
        assertTrue(pipeline.contains("classes: [\"v0\", \"v1\", \"v2\"]"), pipeline);
        assertFalse(pipeline.contains("positive:"), pipeline);
    }

    // ---- sketches ----------------------------------------------------------------------------

    private static DatasetDesign decide(DataSketch s, String label) {
        return DatasetDesign.decide(s, new InitRequest(label, null, null, null, null));
    }

    private static DatasetDesign decide(DataSketch s, InitRequest request) {
        return DatasetDesign.decide(s, request);
    }

    private static DataSketch sketch(long rows, ColumnSketch... columns) {
        return new DataSketch(FILE, rows, List.of(columns), 0);
    }

    private static ColumnSketch column(String name, ColumnType type, long nulls, Map<String, Long> counts) {
        return new ColumnSketch(name, type, nulls, counts.size(), counts, null, null, false, false, null, true);
    }

    /** A string column whose values v0, v1... occur the given numbers of times. */
    private static ColumnSketch text(String name, long... counts) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) values.put("v" + i, counts[i]);
        return new ColumnSketch(name, ColumnType.STRING, 0, counts.length, values, null, null, false, false, null, false);
    }

    /** An integer column with values 0..distinct-1. */
    private static ColumnSketch ints(String name, int distinct, boolean allDistinct) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < distinct; i++) values.put(Integer.toString(i), 1L);
        return new ColumnSketch(name, ColumnType.INTEGER, 0, distinct, distinct <= 100 ? values : Map.of(), 0.0,
                distinct - 1.0, allDistinct, true, null, false);
    }

    private static ColumnSketch uniqueInts(String name) {
        return new ColumnSketch(name, ColumnType.INTEGER, 0, 50, Map.of(), 1.0, 50.0, true, true, null, false);
    }

    private static ColumnSketch real(String name) {
        return new ColumnSketch(name, ColumnType.DOUBLE, 0, 150, Map.of(), 1.5, 99.5, false, true, null, false);
    }

    private static ColumnSketch withNulls(ColumnSketch c, long nulls, double floor) {
        return new ColumnSketch(c.name(), c.type(), nulls, c.distinct(), c.valueCounts(), c.min(), c.max(), false,
                c.nonNegative(), floor, c.categorical());
    }

    /** A string column with a value on every row but the first {@code nulls}, all distinct. */
    private static ColumnSketch id(String name, long nulls) {
        return new ColumnSketch(name, ColumnType.STRING, nulls, 200, Map.of(), null, null, nulls == 0, false, null, false);
    }

    private static ColumnSketch many(String name, long distinct) {
        return new ColumnSketch(name, ColumnType.STRING, 0, distinct, Map.of(), null, null, false, false, null, false);
    }

    private static String text(WidenedRange r) {
        return WidenedRange.text(r.min()) + ".." + WidenedRange.text(r.max());
    }
}
