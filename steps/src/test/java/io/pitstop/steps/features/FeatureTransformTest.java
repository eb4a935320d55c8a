package io.pitstop.steps.features;

import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureTransformTest {

    private static Dataset<Row> telco;
    private static FeatureTransform transform;

    @BeforeAll
    static void fit() {
        telco = TelcoData.first(300).cache();
        transform = FeatureTransform.fit(telco, TelcoData.FEATURES);
    }

    @Test
    void numericStatsMatchSparkAndCategoriesAreSortedDistinctTrainingValues() {
        Row expected = telco.agg(functions.avg("tenure"), functions.stddev_pop("tenure")).first();
        NumericStats tenure = transform.numeric().get(0);
        assertEquals("tenure", tenure.name());
        assertEquals(expected.getDouble(0), tenure.mean(), 1e-9);
        assertEquals(expected.getDouble(1), tenure.std(), 1e-9);
        assertEquals(List.of("Month-to-month", "One year", "Two year"), transform.categorical().get(0).values());
        // 9 numerics + 10 categoricals, each (values + unseen + missing)
        int expectedWidth = 9 + transform.categorical().stream().mapToInt(c -> c.values().size() + 2).sum();
        assertEquals(expectedWidth, transform.width());
        assertEquals(expectedWidth, transform.slotNames().size());
    }

    @Test
    void jsonRoundTripIsExactAndDeterministic(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve(FeatureTransform.FILE_NAME);
        transform.write(file);
        FeatureTransform read = FeatureTransform.read(file);
        assertEquals(transform, read);
        assertEquals(transform.toJson(), read.toJson());
        assertTrue(Files.readString(file).contains("\"format_version\" : 1"));
        // Refitting the same data yields byte-identical JSON (sorted values, fixed field order).
        assertEquals(transform.toJson(), FeatureTransform.fit(telco, TelcoData.FEATURES).toJson());

        List<Row> rows = telco.limit(50).collectAsList();
        for (Row row : rows) {
            float[] a = new float[transform.width()];
            float[] b = new float[read.width()];
            transform.encode(row, a, 0);
            read.encode(row, b, 0);
            assertArrayEquals(a, b, "row " + row.getString(0));
        }
    }

    @Test
    void unknownFormatVersionIsRefused() {
        String json = transform.toJson().replace("\"format_version\" : 1", "\"format_version\" : 99");
        var e = assertThrows(IllegalArgumentException.class, () -> FeatureTransform.fromJson(json));
        assertTrue(e.getMessage().contains("format_version 99"), e.getMessage());
    }

    @Test
    void unseenCategoryAndMissingValuesHaveTheirOwnEncoding() {
        StructType schema = new StructType()
                .add("tenure", DataTypes.IntegerType, true)
                .add("contract", DataTypes.StringType, true);
        var small = new FeatureTransform(List.of(new NumericStats("tenure", 10.0, 5.0)),
                List.of(new CategoricalLevels("contract", List.of("Month-to-month", "One year"))));
        FeatureTransform.Bound bound = small.bind(schema);
        assertEquals(5, bound.width()); // tenure | Month-to-month, One year, unseen, missing

        float[] out = new float[5];
        bound.encode(RowFactory.create(20, "One year"), out, 0);
        assertArrayEquals(new float[]{2f, 0, 1, 0, 0}, out);
        bound.encode(RowFactory.create(null, "Three year"), out, 0); // missing numeric -> mean -> 0; unseen
        assertArrayEquals(new float[]{0f, 0, 0, 1, 0}, out);
        bound.encode(RowFactory.create(5, null), out, 0);
        assertArrayEquals(new float[]{-1f, 0, 0, 0, 1}, out);
        bound.encode(RowFactory.create(5, "  "), out, 0); // blank counts as missing
        assertArrayEquals(new float[]{-1f, 0, 0, 0, 1}, out);
    }

    @Test
    void encodingWritesAtTheOffsetAndLeavesTheRestAlone() {
        Row row = telco.first();
        float[] alone = new float[transform.width()];
        transform.encode(row, alone, 0);
        float[] packed = new float[transform.width() * 2 + 3];
        java.util.Arrays.fill(packed, 7f);
        transform.bind(row.schema()).encode(row, packed, transform.width() + 3);
        assertEquals(7f, packed[transform.width() + 2]);
        assertArrayEquals(alone, java.util.Arrays.copyOfRange(packed, transform.width() + 3, packed.length));
    }

    @Test
    void missingTotalChargesInTheRealDataEncodesAsTheMean() {
        // Rows with tenure 0 have an empty total_charges in the CSV (11 of 7,043); one is among the first 1,000.
        Row missing = TelcoData.first(1000).filter(functions.col("total_charges").isNull()).first();
        float[] out = new float[transform.width()];
        transform.encode(missing, out, 0);
        int slot = transform.slotNames().indexOf("total_charges");
        assertEquals(0f, out[slot]);
    }

    @Test
    void missingOrMistypedColumnIsNamed() {
        var noContract = telco.drop("contract");
        var e = assertThrows(IncompatibleInputException.class, () -> transform.bind(noContract.schema()));
        assertEquals("contract", e.column());
        var stringTenure = telco.withColumn("tenure", functions.col("tenure").cast("string"));
        var e2 = assertThrows(IncompatibleInputException.class, () -> transform.bind(stringTenure.schema()));
        assertTrue(e2.getMessage().contains("tenure") && e2.getMessage().contains("numeric"), e2.getMessage());
    }
}
