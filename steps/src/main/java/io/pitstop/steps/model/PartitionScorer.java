package io.pitstop.steps.model;

import io.pitstop.engine.fault.KillPoint;
import io.pitstop.steps.features.FeatureTransform;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Scores one Spark partition in batches. Per partition: one network restored from the broadcast
 * bytes (networks are not thread-safe, and each task thread needs its own), one float buffer reused
 * for every batch, one forward pass and one bulk copy of the results per batch. Output rows are
 * produced lazily, batch by batch, so a partition never sits in memory whole.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {

    private final Broadcast<byte[]> networkBytes;
    private final FeatureTransform.Bound encoder;
    private final int keyIndex;
    private final int batchRows;

    PartitionScorer(Broadcast<byte[]> networkBytes, FeatureTransform.Bound encoder, int keyIndex, int batchRows) {
        this.networkBytes = networkBytes;
        this.encoder = encoder;
        this.keyIndex = keyIndex;
        this.batchRows = batchRows;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) return java.util.Collections.emptyIterator();
        KillPoint.reachOnce(KillPoint.SCORING_TASK);
        MultiLayerNetwork network = TrainedModel.restore(networkBytes.value());
        int width = encoder.width();
        float[] buffer = new float[batchRows * width];
        Object[] keys = new Object[batchRows];

        return new Iterator<>() {
            private float[] scores = new float[0];
            private int filled;
            private int next;

            @Override
            public boolean hasNext() {
                if (next < filled) return true;
                if (!rows.hasNext()) return false;
                filled = 0;
                next = 0;
                while (filled < batchRows && rows.hasNext()) {
                    Row row = rows.next();
                    keys[filled] = row.get(keyIndex);
                    encoder.encode(row, buffer, filled * width);
                    filled++;
                }
                scores = TrainedModel.forward(network, buffer, filled, width);
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                Row out = RowFactory.create(keys[next], (double) scores[next]);
                keys[next] = null;
                next++;
                return out;
            }
        };
    }
}
