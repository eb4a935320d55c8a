package io.pitstop.steps.model;

import io.pitstop.engine.fault.KillPoint;
import io.pitstop.steps.features.FeatureTransform;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;
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
    /** Leading columns copied into every output row as they are: the key, then any carried columns. */
    private final int passed;
    private final int batchRows;
    private final Target target;
    /** Where each key is hashed for the caller's uniqueness check; null: not wanted. */
    private final KeyHashes keyHashes;

    PartitionScorer(Broadcast<byte[]> networkBytes, FeatureTransform.Bound encoder, int passed, int batchRows,
                    Target target, KeyHashes keyHashes) {
        this.target = target;
        this.keyHashes = keyHashes;
        this.networkBytes = networkBytes;
        this.encoder = encoder;
        if (passed < 1) throw new IllegalArgumentException("the key is always passed through; passed = " + passed);
        this.passed = passed;
        this.batchRows = batchRows;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) return java.util.Collections.emptyIterator();
        KillPoint.reachOnce(KillPoint.SCORING_TASK);
        MultiLayerNetwork network = TrainedModel.restore(networkBytes.value());
        int width = encoder.width();
        float[] buffer = new float[batchRows * width];
        // One off-heap matrix per partition, filled by one bulk copy per batch: Nd4j.create(float[])
        // copies element by element, which cost as much as the forward pass of this small network.
        INDArray matrix = Nd4j.create(DataType.FLOAT, batchRows, width);
        FloatBuffer matrixData = matrix.data().asNioFloat();
        Object[] kept = new Object[batchRows * passed];

        return new Iterator<>() {
            private float[] outputs = new float[0];
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
                    for (int c = 0; c < passed; c++) kept[filled * passed + c] = row.get(c);
                    if (keyHashes != null) keyHashes.add(kept[filled * passed]);
                    encoder.encode(row, buffer, filled * width);
                    filled++;
                }
                matrixData.clear();
                matrixData.put(buffer, 0, filled * width);
                INDArray in = filled == batchRows ? matrix
                        : matrix.get(NDArrayIndex.interval(0, filled), NDArrayIndex.all());
                outputs = TrainedModel.decoded(TrainedModel.forward(network, in), target);
                scores = TrainedModel.scores(outputs, filled, target);
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                boolean multiclass = target.task() == ModelTask.MULTICLASS;
                Object[] values = new Object[passed + (multiclass ? 3 : 1)];
                System.arraycopy(kept, next * passed, values, 0, passed);
                java.util.Arrays.fill(kept, next * passed, (next + 1) * passed, null);
                values[passed] = (double) scores[next];
                if (multiclass) {
                    int k = target.outputs();
                    double[] probabilities = new double[k];
                    for (int j = 0; j < k; j++) probabilities[j] = outputs[next * k + j];
                    values[passed + 1] = target.classes().get(TrainedModel.argmax(outputs, next * k, k));
                    values[passed + 2] = scala.collection.JavaConverters.asScalaBuffer(
                            java.util.Arrays.stream(probabilities).boxed().toList()).toSeq();
                }
                next++;
                return RowFactory.create(values);
            }
        };
    }
}
