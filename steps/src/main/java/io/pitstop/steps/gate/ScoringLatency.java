package io.pitstop.steps.gate;

import io.pitstop.steps.features.FeatureTransform;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;

/**
 * A model's own scoring cost: encoding rows with its feature transform and one forward pass over
 * them, on the driver, in milliseconds per 1,000 rows. Spark's per-job overhead is left out on
 * purpose: it is the same for every model and would drown the difference a budget is about (a
 * wider network, a larger one-hot encoding). The median of several timed passes after a warm-up,
 * because one pass on a shared machine is noise.
 */
final class ScoringLatency {

    static final int WARM_UP = 2;
    static final int TIMED = 5;

    private ScoringLatency() {
    }

    static double msPer1000Rows(TrainedModel model, List<Row> rows, StructType schema) {
        if (rows.isEmpty()) throw new IllegalArgumentException("no rows to measure scoring latency on");
        FeatureTransform.Bound encoder = model.transform().bind(schema);
        int width = encoder.width();
        float[] buffer = new float[rows.size() * width];
        double[] timings = new double[TIMED];
        for (int pass = 0; pass < WARM_UP + TIMED; pass++) {
            long start = System.nanoTime();
            for (int i = 0; i < rows.size(); i++) {
                encoder.encode(rows.get(i), buffer, i * width);
            }
            model.predict(buffer, rows.size());
            long elapsed = System.nanoTime() - start;
            if (pass >= WARM_UP) timings[pass - WARM_UP] = elapsed / 1e6 * 1000.0 / rows.size();
        }
        Arrays.sort(timings);
        return timings[TIMED / 2];
    }
}
