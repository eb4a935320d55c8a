package io.pitstop.steps.train;

import io.pitstop.steps.features.FeatureTransform;
import io.pitstop.steps.model.Target;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static io.pitstop.steps.spark.ColumnNames.quoted;

/**
 * The distributed path: each epoch, the training split is shuffled by a seeded hash of the key,
 * encoded into minibatches on the executors by the same {@link FeatureTransform} the driver path and
 * scoring use, and fitted by DL4J's parameter-averaging training master — every worker fits its
 * share of minibatches on a copy of the network, and the copies are averaged every
 * {@code averagingFrequency} minibatches.
 *
 * <p>Averaging makes the result depend on how rows fall into partitions, so this path is
 * reproducible only on the same cluster layout; the driver path is bit-for-bit reproducible.
 */
final class SparkEpochs implements NetworkTrainer.EpochFit {

    private final Dataset<Row> rows;
    private final FeatureTransform.Bound encoder;
    private final Target target;
    private final String key;
    private final int batchSize;
    private final float positiveWeight;
    private final long seed;
    private final long count;
    private final ParameterAveragingTrainingMaster master;
    private SparkDl4jMultiLayer sparkNetwork;

    /**
     * @param narrowed the training split with the label first, then the feature columns and the key
     */
    SparkEpochs(Dataset<Row> narrowed, FeatureTransform transform, Target target, String key, int batchSize,
                double positiveWeight, int averagingFrequency, long seed) {
        this.positiveWeight = (float) positiveWeight;
        this.rows = narrowed;
        this.encoder = transform.bind(narrowed.schema());
        this.target = target;
        this.key = key;
        this.batchSize = batchSize;
        this.seed = seed;
        this.count = narrowed.count();
        // Each RDD element is one minibatch of batchSize rows (the last of a partition may be smaller).
        this.master = new ParameterAveragingTrainingMaster.Builder(batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(seed)
                .collectTrainingStats(false)
                .build();
    }

    @Override
    public long fit(MultiLayerNetwork network, int epoch) {
        if (sparkNetwork == null) {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
            sparkNetwork = new SparkDl4jMultiLayer(context, network, master);
        }
        Column order = functions.xxhash64(functions.col(quoted(key)), functions.lit(seed * 1_000_003L + epoch));
        // Not cached here: DL4J's ParameterAveragingTrainingMaster persists the RDD it is given itself
        // (at its storage level) before fitting, so a second persist would only hold the rows twice.
        JavaRDD<DataSet> batches = rows.orderBy(order).javaRDD()
                .mapPartitions(new Minibatches(encoder, target, batchSize, positiveWeight));
        sparkNetwork.fit(batches);
        MultiLayerNetwork averaged = sparkNetwork.getNetwork();
        if (averaged != network) network.setParams(averaged.params());
        return count;
    }

    /** Encodes one partition into minibatches with the fitted transform (runs on the executors). */
    static final class Minibatches implements FlatMapFunction<Iterator<Row>, DataSet> {
        private final FeatureTransform.Bound encoder;
        private final Target target;
        private final int batchSize;
        private final float positiveWeight;

        Minibatches(FeatureTransform.Bound encoder, Target target, int batchSize, float positiveWeight) {
            this.positiveWeight = positiveWeight;
            this.encoder = encoder;
            this.target = target;
            this.batchSize = batchSize;
        }

        @Override
        public Iterator<DataSet> call(Iterator<Row> partition) {
            int width = encoder.width();
            List<DataSet> out = new ArrayList<>();
            float[] features = new float[batchSize * width];
            float[] labels = new float[batchSize];
            int n = 0;
            while (partition.hasNext()) {
                Row row = partition.next();
                if (row.isNullAt(0)) {
                    throw new EncodedRows.MissingLabelException("the label is null in a training row");
                }
                labels[n] = target.encode(row.get(0));
                encoder.encode(row, features, n * width);
                if (++n == batchSize) {
                    out.add(batch(features, labels, n, width, positiveWeight, target));
                    n = 0;
                }
            }
            if (n > 0) out.add(batch(features, labels, n, width, positiveWeight, target));
            return out.iterator();
        }

        private static DataSet batch(float[] features, float[] labels, int n, int width, float positiveWeight,
                                     Target target) {
            var y = NetworkTrainer.labelMatrix(labels, n, target);
            return new DataSet(Nd4j.create(java.util.Arrays.copyOf(features, n * width), new long[]{n, width}, 'c'), y,
                    null, positiveWeight == 1f ? null : NetworkTrainer.weights(y, positiveWeight));
        }
    }

}
