package io.pitstop.steps.train;

import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.Target;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a feed-forward network in this JVM: dense hidden layers and the task's output layer — one
 * sigmoid unit with binary cross-entropy (XENT), a softmax unit per class with multi-class
 * cross-entropy (MCXENT, optionally class-weighted), or one identity unit with squared error (MSE). Everything random — initial weights, dropout masks, the
 * per-epoch shuffle — derives from the seed, so the same seed and rows give the same weights (a
 * small network trains on one ND4J thread whatever {@code OMP_NUM_THREADS} says: {@link OpThreads}).
 */
public final class NetworkTrainer {

    /** Forward passes for the loss curves go in chunks of this many rows. */
    private static final int EVAL_CHUNK = 8192;

    /** @param opThreads the threads ND4J's ops ran on while training ({@link OpThreads}) */
    public record Outcome(MultiLayerNetwork network, List<EpochStats> epochs, int bestEpoch,
                          double samplesPerSecond, int opThreads) {
        public EpochStats best() {
            return epochs.get(bestEpoch - 1);
        }
    }

    /**
     * One epoch of fitting, in place on the network; returns the number of samples it saw. The
     * driver path fits minibatches here; the Spark path hands them to a training master. Public so the
     * training benchmark (benchmarks/) can time the fitting alone, around {@link DriverEpochs}.
     */
    public interface EpochFit {
        long fit(MultiLayerNetwork network, int epoch);
    }

    /** Trains a binary classifier in this JVM. */
    public Outcome train(NetworkParams params, long seed, EncodedRows train, EncodedRows validation,
                         Consumer<EpochStats> onEpoch) {
        return train(params, TaskCurves.BINARY_TARGET, null, seed, train, validation, onEpoch);
    }

    /**
     * Trains for {@code target}'s task in this JVM.
     *
     * @param classWeights multiclass only: each class's loss weight in class order; null = all 1
     */
    public Outcome train(NetworkParams params, Target target, double[] classWeights, long seed, EncodedRows train,
                         EncodedRows validation, Consumer<EpochStats> onEpoch) {
        return train(params, target, classWeights, seed, train, validation,
                new DriverEpochs(train, target, seed, params.batchSize(), params.positiveWeight()), onEpoch);
    }

    public Outcome train(NetworkParams params, long seed, EncodedRows train, EncodedRows validation, EpochFit fitter,
                         Consumer<EpochStats> onEpoch) {
        return train(params, TaskCurves.BINARY_TARGET, null, seed, train, validation, fitter, onEpoch);
    }

    /**
     * The epoch loop both paths share: fit an epoch, measure train and validation loss and the
     * task's validation metric on the driver, stop early on the validation loss (the task's own:
     * log-loss, or squared error, whose order is RMSE's) and keep the best weights.
     */
    Outcome train(NetworkParams params, Target target, double[] classWeights, long seed, EncodedRows train,
                  EncodedRows validation, EpochFit fitter, Consumer<EpochStats> onEpoch) {
        if (train.rows() == 0) throw new IllegalArgumentException("the training split is empty");
        try (var threads = OpThreads.pinFor(params, train.width(), target.outputs())) {
            return train(params, target, classWeights, seed, train, validation, fitter, onEpoch, threads.effective());
        }
    }

    private Outcome train(NetworkParams params, Target target, double[] classWeights, long seed, EncodedRows train,
                          EncodedRows validation, EpochFit fitter, Consumer<EpochStats> onEpoch, int opThreads) {
        Nd4j.getRandom().setSeed(seed);
        var curves = new TaskCurves(target);
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(params, seed, train.width(), target, classWeights));
        network.init();

        var epochs = new ArrayList<EpochStats>();
        INDArray bestParams = null;
        int bestEpoch = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        long fitNanos = 0;
        long samples = 0;
        for (int epoch = 1; epoch <= params.epochs(); epoch++) {
            long start = System.nanoTime();
            samples += fitter.fit(network, epoch);
            fitNanos += System.nanoTime() - start;

            double trainLoss = curves.loss(predict(network, train), train);
            double[] validationOutputs = predict(network, validation);
            double validationLoss = curves.loss(validationOutputs, validation);
            double validationMetric = curves.metric(validationOutputs, validation);
            var stats = new EpochStats(epoch, trainLoss, validationLoss, validationMetric,
                    (System.nanoTime() - start) / 1e9);
            epochs.add(stats);
            onEpoch.accept(stats);

            if (params.patience() == null) {
                bestEpoch = epoch;
            } else if (validationLoss < bestLoss) {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                bestParams = network.params().dup();
            } else if (epoch - bestEpoch >= params.patience()) {
                break;
            }
        }
        if (bestParams != null) network.setParams(bestParams);
        return new Outcome(network, List.copyOf(epochs), bestEpoch, samples / (fitNanos / 1e9), opThreads);
    }

    /** ND4J's activation for {@link NetworkParams#activation()}: Pitstop's own enum is mapped here only, where ND4J is loaded anyway. */
    static Activation activation(NetworkParams params) {
        return switch (params.activation()) {
            case RELU -> Activation.RELU;
            case LEAKY_RELU -> Activation.LEAKYRELU;
            case ELU -> Activation.ELU;
            case SELU -> Activation.SELU;
            case TANH -> Activation.TANH;
            case SIGMOID -> Activation.SIGMOID;
        };
    }

    /** The DL4J updater for {@link NetworkParams#optimizer()} at {@link NetworkParams#learningRate()}. */
    static org.nd4j.linalg.learning.config.IUpdater updater(NetworkParams params) {
        double rate = params.learningRate();
        return switch (params.optimizer()) {
            case ADAM -> new org.nd4j.linalg.learning.config.Adam(rate);
            case NESTEROVS -> new org.nd4j.linalg.learning.config.Nesterovs(rate, 0.9);
            case RMSPROP -> new org.nd4j.linalg.learning.config.RmsProp(rate);
            case ADAGRAD -> new org.nd4j.linalg.learning.config.AdaGrad(rate);
            case SGD -> new org.nd4j.linalg.learning.config.Sgd(rate);
        };
    }

    /** The binary classifier's DL4J configuration; public so the training benchmark can fit it with DL4J alone. */
    public static org.deeplearning4j.nn.conf.MultiLayerConfiguration configuration(NetworkParams params, long seed, int inputs) {
        return configuration(params, seed, inputs, TaskCurves.BINARY_TARGET, null);
    }

    static org.deeplearning4j.nn.conf.MultiLayerConfiguration configuration(NetworkParams params, long seed, int inputs,
                                                                           Target target, double[] classWeights) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(updater(params))
                .l2(params.l2())
                .list();
        int in = inputs;
        for (int units : params.hidden()) {
            var layer = new DenseLayer.Builder().nIn(in).nOut(units).activation(activation(params));
            // DL4J's dropOut takes the probability of *keeping* a unit.
            if (params.dropout() > 0) layer.dropOut(1.0 - params.dropout());
            list.layer(layer.build());
            in = units;
        }
        list.layer(switch (target.task()) {
            case BINARY -> new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                    .nIn(in).nOut(1).activation(Activation.SIGMOID).build();
            case MULTICLASS -> new OutputLayer.Builder(classWeights == null ? new LossMCXENT()
                    : new LossMCXENT(Nd4j.create(classWeights).castTo(DataType.FLOAT)))
                    .nIn(in).nOut(target.outputs()).activation(Activation.SOFTMAX).build();
            case REGRESSION -> new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                    .nIn(in).nOut(1).activation(Activation.IDENTITY).build();
        });
        return list.build();
    }

    /**
     * The network's raw outputs for already-encoded rows as it is now (no dropout: inference mode):
     * {@code rows × units} in row order.
     */
    static double[] predict(MultiLayerNetwork network, EncodedRows rows) {
        int units = (int) network.layerSize(network.getnLayers() - 1);
        double[] out = new double[rows.rows() * units];
        int width = rows.width();
        for (int from = 0; from < rows.rows(); from += EVAL_CHUNK) {
            int n = Math.min(EVAL_CHUNK, rows.rows() - from);
            float[] chunk = java.util.Arrays.copyOfRange(rows.features(), from * width, (from + n) * width);
            var output = network.output(Nd4j.create(chunk, new long[]{n, width}, 'c'), false);
            float[] scores = output.dup('c').reshape((long) n * units).toFloatVector();
            for (int i = 0; i < n * units; i++) out[from * units + i] = scores[i];
        }
        return out;
    }

    /** Seeded shuffle, then minibatches in this JVM. */
    public static final class DriverEpochs implements EpochFit {
        private final EncodedRows train;
        private final Random shuffle;
        private final int[] order;
        private final int batch;
        private final float[] batchFeatures;
        private final float[] batchLabels;
        private final float positiveWeight;
        private final Target target;
        /**
         * A full minibatch's features and labels, off-heap, refilled in place each iteration: a new
         * INDArray per minibatch costs a native allocation, its free by ND4J's deallocator thread and
         * garbage for the collector — work of the same order as a small network's whole step.
         */
        private final INDArray batchX;
        private final INDArray batchY;
        private final float[] labelRows;

        /**
         * @param positiveWeight weight of a positive example's loss (negatives weigh 1); passed to DL4J
         *                       as the labels mask, which multiplies each example's loss and gradient
         */
        public DriverEpochs(EncodedRows train, long seed, int batchSize, double positiveWeight) {
            this(train, TaskCurves.BINARY_TARGET, seed, batchSize, positiveWeight);
        }

        DriverEpochs(EncodedRows train, Target target, long seed, int batchSize, double positiveWeight) {
            this.target = target;
            this.positiveWeight = (float) positiveWeight;
            this.train = train;
            this.shuffle = new Random(seed);
            this.order = new int[train.rows()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            this.batch = Math.min(batchSize, train.rows());
            this.batchFeatures = new float[batch * train.width()];
            this.batchLabels = new float[batch];
            int labelWidth = labelWidth(target);
            this.labelRows = new float[batch * labelWidth];
            this.batchX = Nd4j.create(DataType.FLOAT, batch, train.width());
            this.batchY = Nd4j.create(DataType.FLOAT, batch, labelWidth);
        }

        @Override
        public long fit(MultiLayerNetwork network, int epoch) {
            int width = train.width();
            shuffle(order, shuffle);
            for (int from = 0; from < order.length; from += batch) {
                int n = Math.min(batch, order.length - from);
                for (int i = 0; i < n; i++) {
                    int row = order[from + i];
                    System.arraycopy(train.features(), row * width, batchFeatures, i * width, width);
                    batchLabels[i] = train.labels()[row];
                }
                INDArray x;
                INDArray y;
                if (n == batch) {
                    batchX.data().setData(batchFeatures);
                    fillLabelRows(batchLabels, n, target, labelRows);
                    batchY.data().setData(labelRows);
                    x = batchX;
                    y = batchY;
                } else {  // the epoch's last, shorter minibatch
                    x = Nd4j.create(java.util.Arrays.copyOf(batchFeatures, n * width), new long[]{n, width}, 'c');
                    y = labelMatrix(batchLabels, n, target);
                }
                network.fit(x, y, null, positiveWeight == 1f ? null : weights(y, positiveWeight));
            }
            return order.length;
        }
    }

    /**
     * The labels of {@code n} rows as the output layer takes them: a column of 0/1 (binary) or of
     * standardised values (regression), or one-hot rows (multiclass).
     */
    static INDArray labelMatrix(float[] labels, int n, Target target) {
        int k = labelWidth(target);
        float[] rows = new float[n * k];
        fillLabelRows(labels, n, target, rows);
        return Nd4j.create(rows, new long[]{n, k}, 'c');
    }

    private static int labelWidth(Target target) {
        return target.task() == ModelTask.MULTICLASS ? target.outputs() : 1;
    }

    /** The first {@code n} rows of {@link #labelMatrix}, row-major, into {@code rows}. */
    private static void fillLabelRows(float[] labels, int n, Target target, float[] rows) {
        if (target.task() != ModelTask.MULTICLASS) {
            System.arraycopy(labels, 0, rows, 0, n);
            return;
        }
        int k = target.outputs();
        java.util.Arrays.fill(rows, 0, n * k, 0f);
        for (int i = 0; i < n; i++) rows[i * k + (int) labels[i]] = 1f;
    }

    /** Per-example loss weights for a 0/1 label column: {@code positiveWeight} for 1, 1 for 0. */
    static INDArray weights(INDArray labels, float positiveWeight) {
        return labels.mul(positiveWeight - 1f).addi(1f);
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
