package io.pitstop.steps.model;

import io.pitstop.steps.features.FeatureTransform;
import io.pitstop.steps.features.IncompatibleInputException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.pitstop.steps.spark.ColumnNames.quoted;

/**
 * A trained model: feature transform + network + descriptor, loaded from a model directory
 * ({@code model.zip}, {@code features.json}, {@code model.json}). What the score is depends on the
 * descriptor's {@link ModelTask}: the probability of the positive class (binary), of the predicted
 * class (multiclass, which also yields the class and every class's probability), or the predicted
 * value in the label's units (regression). Evaluation, the gate (champion and challenger on the same
 * rows) and the batch scorer all score through {@link #score}; training evaluates through
 * {@link #predict}, and both go through the same {@link FeatureTransform} and network.
 */
public final class TrainedModel {

    public static final String NETWORK_FILE = "model.zip";
    /** Rows per forward pass when scoring on Spark: large enough that per-call overhead vanishes. */
    public static final int DEFAULT_BATCH_ROWS = 8192;
    public static final String SCORE_COLUMN = "score";
    /** Multiclass only: the most probable class. */
    public static final String PREDICTION_COLUMN = "prediction";
    /** Multiclass only: every class's probability, in the model's {@code classes} order. */
    public static final String PROBABILITIES_COLUMN = "probabilities";

    private final ModelDescriptor descriptor;
    private final FeatureTransform transform;
    private final MultiLayerNetwork network;
    private final byte[] networkBytes;

    private TrainedModel(ModelDescriptor descriptor, FeatureTransform transform, MultiLayerNetwork network,
                         byte[] networkBytes) {
        this.descriptor = descriptor;
        this.transform = transform;
        this.network = network;
        this.networkBytes = networkBytes;
        long networkInputs = network.layerInputSize(0);
        if (transform.width() != descriptor.inputWidth() || networkInputs != transform.width()) {
            throw new IllegalArgumentException("inconsistent model: features.json encodes " + transform.width()
                    + " values, model.json says input_width " + descriptor.inputWidth()
                    + ", the network takes " + networkInputs);
        }
    }

    /** Reads a model directory written by {@link #save}. */
    public static TrainedModel load(Path modelDir) throws IOException {
        for (String name : List.of(NETWORK_FILE, FeatureTransform.FILE_NAME, ModelDescriptor.FILE_NAME)) {
            if (!Files.isRegularFile(modelDir.resolve(name))) {
                throw new IOException("not a model directory: " + modelDir + " has no " + name);
            }
        }
        byte[] bytes = Files.readAllBytes(modelDir.resolve(NETWORK_FILE));
        return new TrainedModel(ModelDescriptor.read(modelDir.resolve(ModelDescriptor.FILE_NAME)),
                FeatureTransform.read(modelDir.resolve(FeatureTransform.FILE_NAME)), restore(bytes), bytes);
    }

    /** Wraps a network fresh from training; the network is copied, so later training does not change it. */
    public static TrainedModel of(ModelDescriptor descriptor, FeatureTransform transform, MultiLayerNetwork network) {
        byte[] bytes = serialise(network);
        return new TrainedModel(descriptor, transform, restore(bytes), bytes);
    }

    public void save(Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        Files.write(modelDir.resolve(NETWORK_FILE), networkBytes);
        transform.write(modelDir.resolve(FeatureTransform.FILE_NAME));
        descriptor.write(modelDir.resolve(ModelDescriptor.FILE_NAME));
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public FeatureTransform transform() {
        return transform;
    }

    /**
     * What makes this model this model: the network's configuration and weights, the fitted feature
     * transform and the descriptor — not the bytes of model.zip, which carry zip timestamps. Two
     * trainings that produce the same weights have the same identity (a re-package, a patch release).
     */
    public String identity() {
        var digest = io.pitstop.engine.pkg.Sha256.digest();
        digest.update(network.getLayerWiseConfigurations().toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var weights = java.nio.ByteBuffer.allocate(Float.BYTES * (int) network.numParams());
        for (float w : parameters()) weights.putFloat(w);
        digest.update(weights.array());
        digest.update(transform.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(descriptor.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return io.pitstop.engine.pkg.Sha256.hex(digest);
    }

    /** {@link #identity()} of the model saved in a directory. */
    public static String identityOf(Path modelDir) throws IOException {
        return load(modelDir).identity();
    }

    /** The network's layers and hyperparameters as DL4J writes them (JSON), without the weights. */
    public String configurationJson() {
        return network.getLayerWiseConfigurations().toJson();
    }

    /** The network's weights as one flat array (a copy), e.g. to fingerprint a model. */
    public float[] parameters() {
        synchronized (network) {
            return network.params().dup().data().asFloat();
        }
    }

    /**
     * The network's layers as plain numbers, input layer first: what an export to another runtime needs.
     * Refuses a layer or activation Pitstop's trainer never builds, naming it, rather than export it wrongly.
     */
    public List<NetworkLayer> layers() {
        var layers = new ArrayList<NetworkLayer>();
        synchronized (network) {
            for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
                if (!(layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer conf)
                        || !(conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer
                        || conf instanceof org.deeplearning4j.nn.conf.layers.OutputLayer)) {
                    throw new IllegalStateException("cannot export layer " + layer.getIndex() + ": "
                            + layer.conf().getLayer().getClass().getSimpleName() + " is not a dense layer");
                }
                INDArray w = layer.getParam("W");
                INDArray b = layer.getParam("b");
                // W is nIn × nOut; a 'c'-ordered copy reads row-major whatever order DL4J keeps the view in.
                float[] weights = w.dup('c').reshape(w.length()).toFloatVector();
                float[] bias = b.dup('c').reshape(b.length()).toFloatVector();
                var fn = conf.getActivationFn();
                layers.add(new NetworkLayer((int) conf.getNIn(), (int) conf.getNOut(), weights, bias, function(fn, layer.getIndex()),
                        fn instanceof org.nd4j.linalg.activations.impl.ActivationLReLU l ? l.getAlpha()
                                : fn instanceof org.nd4j.linalg.activations.impl.ActivationELU e ? e.getAlpha() : 0));
            }
        }
        return List.copyOf(layers);
    }

    private static NetworkLayer.Function function(org.nd4j.linalg.activations.IActivation fn, int layer) {
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationReLU r
                && r.getMax() == null && r.getThreshold() == null && r.getNegativeSlope() == null) {
            return NetworkLayer.Function.RELU;
        }
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationLReLU) return NetworkLayer.Function.LEAKY_RELU;
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationELU) return NetworkLayer.Function.ELU;
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationSELU) return NetworkLayer.Function.SELU;
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationTanH) return NetworkLayer.Function.TANH;
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationSigmoid) return NetworkLayer.Function.SIGMOID;
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax) return NetworkLayer.Function.SOFTMAX;
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationIdentity) return NetworkLayer.Function.IDENTITY;
        throw new IllegalStateException("cannot export layer " + layer + ": activation " + fn + " has no export");
    }

    /**
     * Scores rows already encoded by {@link FeatureTransform}: {@code rows × width()} floats in row
     * order. Returns one score per row: the probability of the positive class (binary), the
     * probability of the predicted class (multiclass), the predicted value (regression). Thread-safe
     * (calls are serialised on the network).
     */
    public float[] predict(float[] encoded, int rows) {
        return scores(outputs(encoded, rows), rows, descriptor.target());
    }

    /**
     * The network's outputs for encoded rows: {@code rows × outputs} floats in row order — the class
     * probabilities in {@code classes} order for multiclass, the value in the label's units for
     * regression, the positive probability for binary.
     */
    public float[] outputs(float[] encoded, int rows) {
        int width = transform.width();
        if (encoded.length < (long) rows * width) {
            throw new IllegalArgumentException(rows + " rows of width " + width + " need " + (long) rows * width
                    + " floats, got " + encoded.length);
        }
        if (rows == 0) return new float[0];
        synchronized (network) {
            return decoded(forward(network, encoded, rows, width), descriptor.target());
        }
    }

    /** Convenience for small driver-side batches: one encoded row per array. */
    public float[] predict(float[][] encodedRows) {
        int width = transform.width();
        float[] flat = new float[encodedRows.length * width];
        for (int i = 0; i < encodedRows.length; i++) {
            System.arraycopy(encodedRows[i], 0, flat, i * width, width);
        }
        return predict(flat, encodedRows.length);
    }

    /**
     * Scores a dataset on Spark: one output row per input row with the key (same type as the input
     * column) and {@value #SCORE_COLUMN} (double: the probability of the positive class, of the
     * predicted class, or the predicted value — see {@link ModelTask}); multiclass adds
     * {@value #PREDICTION_COLUMN} (the class) and {@value #PROBABILITIES_COLUMN} (array, class order). The network
     * travels once per executor as broadcast bytes; each partition scores in batches of
     * {@link #DEFAULT_BATCH_ROWS}. A missing or mistyped column fails here, before any job runs.
     */
    public Dataset<Row> score(SparkSession spark, Dataset<Row> input, String keyColumn) {
        return score(spark, input, keyColumn, DEFAULT_BATCH_ROWS);
    }

    public Dataset<Row> score(SparkSession spark, Dataset<Row> input, String keyColumn, int batchRows) {
        return score(spark, input, keyColumn, batchRows, null);
    }

    /**
     * As {@link #score(SparkSession, Dataset, String, int)}, and each task adds every key it emits to
     * {@code keyHashes} (registered with the SparkContext by the caller), for a uniqueness check that
     * needs no second pass over the keys.
     */
    public Dataset<Row> score(SparkSession spark, Dataset<Row> input, String keyColumn, int batchRows,
                              KeyHashes keyHashes) {
        return score(spark, input, keyColumn, List.of(), batchRows, keyHashes);
    }

    /**
     * As {@link #score(SparkSession, Dataset, String, int, KeyHashes)}, with {@code carried} columns of the
     * input copied unchanged into each output row, after the key (e.g. a segment column analysts filter
     * the prediction table on).
     */
    public Dataset<Row> score(SparkSession spark, Dataset<Row> input, String keyColumn, List<String> carried,
                              int batchRows, KeyHashes keyHashes) {
        if (batchRows < 1) throw new IllegalArgumentException("batchRows must be >= 1, was " + batchRows);
        Dataset<Row> narrowed = narrow(input, keyColumn, carried);
        var outFields = new ArrayList<StructField>();
        // The key, then the carried columns: the columns passed through as they are.
        for (int i = 0; i <= carried.size(); i++) outFields.add(narrowed.schema().fields()[i]);
        outFields.add(DataTypes.createStructField(SCORE_COLUMN, DataTypes.DoubleType, false));
        if (descriptor.modelTask() == ModelTask.MULTICLASS) {
            // An array, not a column per class: class names ("One year") are not valid Delta column names.
            outFields.add(DataTypes.createStructField(PREDICTION_COLUMN, DataTypes.StringType, false));
            outFields.add(DataTypes.createStructField(PROBABILITIES_COLUMN,
                    DataTypes.createArrayType(DataTypes.DoubleType, false), false));
        }
        StructType outSchema = new StructType(outFields.toArray(StructField[]::new));
        Broadcast<byte[]> bytes = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(networkBytes);
        var scorer = new PartitionScorer(bytes, transform.bind(narrowed.schema()), 1 + carried.size(), batchRows,
                descriptor.target(), keyHashes);
        return narrowed.mapPartitions(scorer, Encoders.row(outSchema));
    }

    /**
     * The input cut to what scoring reads — the key first, then the feature columns — so only those
     * cross into the scoring tasks (less to convert per row) and only those are read from columnar
     * files. A missing or mistyped column fails here, naming it, before Spark plans anything.
     */
    public Dataset<Row> narrow(Dataset<Row> input, String keyColumn) {
        return narrow(input, keyColumn, List.of());
    }

    /**
     * {@link #narrow(Dataset, String)} with {@code carried} columns between the key and the features. A
     * carried column that is also a feature appears twice; the encoder binds one of the two by name: the same
     * values.
     */
    public Dataset<Row> narrow(Dataset<Row> input, String keyColumn, List<String> carried) {
        StructType schema = input.schema();
        List<String> names = List.of(schema.fieldNames());
        if (!names.contains(keyColumn)) {
            throw new IncompatibleInputException(keyColumn, "the key column is missing from the input; it has " + names);
        }
        for (String c : carried) {
            if (!names.contains(c)) {
                throw new IncompatibleInputException(c, "a carried column is missing from the input; it has " + names);
            }
        }
        transform.bind(schema);
        var columns = new ArrayList<Column>();
        columns.add(functions.col(quoted(keyColumn)));
        for (String c : carried) columns.add(functions.col(quoted(c)));
        for (String feature : transform.spec().columns()) {
            if (!feature.equals(keyColumn)) columns.add(functions.col(quoted(feature)));
        }
        return input.select(columns.toArray(Column[]::new));
    }

    /**
     * One forward pass over {@code rows} encoded rows; one INDArray in, one bulk copy out: the raw
     * outputs, {@code rows × units} in row order.
     */
    static float[] forward(MultiLayerNetwork network, float[] encoded, int rows, int width) {
        float[] data = encoded.length == rows * width ? encoded : java.util.Arrays.copyOf(encoded, rows * width);
        return forward(network, Nd4j.create(data, new long[]{rows, width}, 'c'));
    }

    /** One forward pass over rows already in a matrix ({@code rows × width}); the raw outputs in row order. */
    static float[] forward(MultiLayerNetwork network, INDArray in) {
        INDArray out = network.output(in, false);
        return out.dup('c').reshape(out.length()).toFloatVector();
    }

    /** Raw network outputs in the label's terms: a regression output un-standardised, in place. */
    static float[] decoded(float[] raw, Target target) {
        if (target.task() == ModelTask.REGRESSION) {
            for (int i = 0; i < raw.length; i++) raw[i] = (float) target.decode(raw[i]);
        }
        return raw;
    }

    /** One score per row from decoded outputs: for multiclass the largest probability, else the one output. */
    static float[] scores(float[] outputs, int rows, Target target) {
        if (target.task() != ModelTask.MULTICLASS) return outputs;
        int k = target.outputs();
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) out[r] = outputs[r * k + argmax(outputs, r * k, k)];
        return out;
    }

    /** Index (0..k-1) of the largest of {@code k} values from {@code from}; the first on ties. */
    public static int argmax(float[] values, int from, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) if (values[from + j] > values[from + best]) best = j;
        return best;
    }

    static MultiLayerNetwork restore(byte[] bytes) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the network from " + NETWORK_FILE, e);
        }
    }

    private static byte[] serialise(MultiLayerNetwork network) {
        // Without the updater state: a scorer never needs it and the file stays a third of the size.
        var out = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the network", e);
        }
        return out.toByteArray();
    }

}
