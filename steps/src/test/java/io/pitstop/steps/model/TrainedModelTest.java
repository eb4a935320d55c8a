package io.pitstop.steps.model;

import io.pitstop.steps.TestSpark;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.features.FeatureTransform;
import io.pitstop.steps.features.IncompatibleInputException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainedModelTest {

    private static TrainedModel model;
    private static Dataset<Row> test;

    @BeforeAll
    static void load() throws IOException {
        model = TrainedModel.load(TrainedTelcoModel.modelDir());
        test = TestSpark.session().read().parquet(TrainedTelcoModel.split("test").toString());
    }

    @Test
    void sparkScoresEqualDriverPredictionsExactlyForTheSameBatch() {
        // One partition, one batch: the same floats go through the same forward pass, bit for bit.
        assertScoresMatch(model.score(TestSpark.session(), test.coalesce(1), "customer_id"), 0.0);
    }

    @Test
    void sparkScoresMatchDriverPredictionsWhateverTheBatching() {
        // Three partitions and batches of 7 rows: full batches, partial last batches. BLAS may sum in
        // another order for another batch shape, so scores agree to float rounding (seen: 1.5e-8).
        assertScoresMatch(model.score(TestSpark.session(), test.repartition(3), "customer_id", 7), 1e-6);
    }

    private static void assertScoresMatch(Dataset<Row> scored, double tolerance) {
        assertEquals(DataTypes.DoubleType, scored.schema().apply("score").dataType());
        Map<String, Double> spark = new HashMap<>();
        scored.collectAsList().forEach(r -> spark.put(r.getString(0), r.getDouble(1)));

        List<Row> rows = test.coalesce(1).collectAsList();
        FeatureTransform.Bound encoder = model.transform().bind(test.schema());
        int width = encoder.width();
        float[] encoded = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) encoder.encode(rows.get(i), encoded, i * width);
        float[] driver = model.predict(encoded, rows.size());

        assertEquals(rows.size(), spark.size());
        for (int i = 0; i < rows.size(); i++) {
            String key = rows.get(i).getAs("customer_id");
            assertEquals((double) driver[i], spark.get(key), tolerance, "score of " + key);
            assertTrue(driver[i] >= 0 && driver[i] <= 1);
        }
    }

    @Test
    void aReloadedModelPredictsTheSame(@TempDir Path dir) throws IOException {
        model.save(dir);
        TrainedModel again = TrainedModel.load(dir);
        float[][] rows = new float[5][model.transform().width()];
        for (int i = 0; i < 5; i++) rows[i][i] = 1f;
        assertEquals(List.of(toList(model.predict(rows))), List.of(toList(again.predict(rows))));
    }

    @Test
    void aMissingFeatureColumnFailsBeforeScoringAndNamesIt() {
        var e = assertThrows(IncompatibleInputException.class,
                () -> model.score(TestSpark.session(), test.drop("tenure"), "customer_id"));
        assertEquals("tenure", e.column());
        var k = assertThrows(IncompatibleInputException.class,
                () -> model.score(TestSpark.session(), test, "id"));
        assertEquals("id", k.column());
    }

    @Test
    void aNullNumericScoresAsTheTrainingMean() {
        Dataset<Row> one = test.limit(1);
        double given = model.score(TestSpark.session(), one, "customer_id").first().getDouble(1);
        double mean = model.transform().numeric().stream().filter(n -> n.name().equals("tenure")).findFirst()
                .orElseThrow().mean();
        double atMean = model.score(TestSpark.session(), one.withColumn("tenure", functions.lit(mean)),
                "customer_id").first().getDouble(1);
        double asNull = model.score(TestSpark.session(),
                one.withColumn("tenure", functions.lit(null).cast("double")), "customer_id").first().getDouble(1);
        assertEquals(atMean, asNull, 1e-6);
        assertTrue(given >= 0 && given <= 1);
    }

    @Test
    void aDirectoryWithoutTheNetworkIsNotAModel(@TempDir Path dir) throws IOException {
        model.save(dir);
        Files.delete(dir.resolve(TrainedModel.NETWORK_FILE));
        var e = assertThrows(IOException.class, () -> TrainedModel.load(dir));
        assertTrue(e.getMessage().contains("model.zip"), e.getMessage());
    }

    private static List<Float> toList(float[] values) {
        var out = new java.util.ArrayList<Float>();
        for (float v : values) out.add(v);
        return out;
    }
}
