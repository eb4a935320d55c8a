package io.pitstop.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.pkg.FileTree;
import io.pitstop.steps.dataset.DatasetReader;
import io.pitstop.steps.features.FeatureTransform;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.spark.ColumnNames;
import io.pitstop.steps.score.BatchScorer;
import io.pitstop.steps.score.BatchScoringRequest;
import io.pitstop.steps.score.BatchScoringResult;
import io.pitstop.steps.score.StagedPredictions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The batch-scoring benchmark's JVM side ({@code benchmarks/scoring.sh}). On the same generated
 * Telco-like rows (the validation benchmark's Parquet, {@link TelcoInput#parquet}) and the
 * same model (the demo pipeline's packaged one), in one JVM, alternating {@code repeats} times:
 * <ul>
 *   <li><b>job</b>: what {@code score.batch} does once the input is read — {@link BatchScorer#stage}
 *       (feature transform, network in batches per partition, the predictions written once as Delta data
 *       files with the checks and score distribution measured in the same job, the key-uniqueness proof)
 *       then {@link BatchScorer#commit} (the atomic Delta commit);</li>
 *   <li><b>bare</b>: the network's forward pass alone, {@code MultiLayerNetwork.output} on feature
 *       matrices built before the clock starts (the same encoded rows, batches of
 *       {@link TrainedModel#DEFAULT_BATCH_ROWS}), at 1 and 2 threads with one network copy each;</li>
 *   <li><b>score-only</b> (diagnostic): the job's scoring plan written to Spark's {@code noop} sink, to
 *       split the job's time between scoring and writing/checking/swapping;</li>
 *   <li><b>read-only</b> (diagnostic, the floor): the columns the job reads, into the {@code noop} sink —
 *       what no change to scoring or writing can go below.</li>
 * </ul>
 * Also writes {@code weights.json} (the network's layers) for the pandas + numpy side and
 * {@code sample.csv} (keys and scores from the committed table) for it to check its scores against.
 *
 * <p>Usage: {@code ScoringThroughput <rows> <work-dir> <contract.yaml> <telco.csv> <model-dir> <out-dir> [repeats]};
 * prints one JSON line.
 */
public final class ScoringThroughput {

    private ScoringThroughput() {
    }

    public static void main(String[] args) throws Exception {
        var telco = TelcoInput.of(args);
        long rows = telco.rows();
        Path work = telco.work();
        Contract contract = telco.contract();
        Path csv = telco.csv();
        Path modelDir = Path.of(args[4]);
        Path out = Files.createDirectories(Path.of(args[5]));
        int repeats = args.length > 6 ? Integer.parseInt(args[6]) : 3;

        SparkSession spark = telco.session();
        Path parquet = telco.parquet(spark);

        TrainedModel model = TrainedModel.load(modelDir);
        byte[] networkBytes = Files.readAllBytes(modelDir.resolve(TrainedModel.NETWORK_FILE));
        writeWeights(restore(networkBytes), model.transform(), out.resolve("weights.json"));
        List<INDArray> matrices = encodedBatches(spark, contract, csv, model.transform(), rows);

        Path table = work.resolve("scoring-table");
        FileTree.delete(table);
        List<Double> job = new ArrayList<>(), stage = new ArrayList<>(), commit = new ArrayList<>();
        List<Double> scoreOnly = new ArrayList<>(), readOnly = new ArrayList<>(), bare1 = new ArrayList<>(), bare2 = new ArrayList<>();
        var scorer = new BatchScorer();
        for (int i = 0; i < repeats; i++) {
            Dataset<Row> input = spark.read().parquet(parquet.toString());
            var request = new BatchScoringRequest(model.descriptor().key(), model.descriptor().threshold(),
                    "churn", "benchmark", "bench-" + i, Instant.now(), table.toString());
            long t0 = System.nanoTime();
            StagedPredictions staged = scorer.stage(spark, model, input, request);
            long t1 = System.nanoTime();
            BatchScoringResult result = scorer.commit(spark, staged);
            long t2 = System.nanoTime();
            if (result.rows() != rows) throw new IllegalStateException("scored " + result.rows() + " of " + rows + " rows");
            stage.add(seconds(t0, t1));
            commit.add(seconds(t1, t2));
            job.add(seconds(t0, t2));

            // The floor of this architecture: reading what the job reads (key and feature columns) and
            // turning it into rows for the scoring tasks, with no model and no write.
            long tr = System.nanoTime();
            model.narrow(spark.read().parquet(parquet.toString()), model.descriptor().key())
                    .write().format("noop").mode("overwrite").save();
            readOnly.add(seconds(tr, System.nanoTime()));

            long t3 = System.nanoTime();
            model.score(spark, spark.read().parquet(parquet.toString()), model.descriptor().key())
                    .write().format("noop").mode("overwrite").save();
            scoreOnly.add(seconds(t3, System.nanoTime()));

            bare1.add(forward(networkBytes, matrices, 1));
            bare2.add(forward(networkBytes, matrices, 2));
        }
        writeSample(spark, table, model.descriptor().key(), out.resolve("sample.csv"));

        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("side", "jvm");
        line.put("rows", rows);
        line.put("features", model.transform().width());
        line.put("batch_rows", TrainedModel.DEFAULT_BATCH_ROWS);
        line.put("threshold", model.descriptor().threshold());
        line.put("model", describe(restore(networkBytes)));
        put(line, "job_s", job);
        put(line, "job_stage_s", stage);
        put(line, "job_commit_s", commit);
        put(line, "score_only_s", scoreOnly);
        put(line, "read_only_s", readOnly);
        put(line, "bare_1_thread_s", bare1);
        put(line, "bare_2_threads_s", bare2);
        System.out.println(line);
        spark.stop();
    }

    /**
     * The generated rows' encoded features as {@link TrainedModel#DEFAULT_BATCH_ROWS}-row matrices:
     * row {@code i} of the generated data is bundled row {@code i mod n} (ordered by key), so encoding
     * the bundled rows once and repeating them builds exactly the matrices the job's tasks build.
     */
    private static List<INDArray> encodedBatches(SparkSession spark, Contract contract, Path csv,
                                                 FeatureTransform transform, long rows) throws Exception {
        Dataset<Row> telco = new DatasetReader(spark).read(csv, contract).orderBy("customer_id");
        List<Column> columns = transform.spec().columns().stream().map(ColumnNames::column).toList();
        Dataset<Row> features = telco.select(columns.toArray(Column[]::new));
        FeatureTransform.Bound encoder = transform.bind(features.schema());
        List<Row> bundled = features.collectAsList();
        int width = encoder.width();
        float[] encoded = new float[bundled.size() * width];
        for (int r = 0; r < bundled.size(); r++) encoder.encode(bundled.get(r), encoded, r * width);

        int batch = TrainedModel.DEFAULT_BATCH_ROWS;
        List<INDArray> matrices = new ArrayList<>();
        for (long start = 0; start < rows; start += batch) {
            int n = (int) Math.min(batch, rows - start);
            float[] data = new float[n * width];
            for (int r = 0; r < n; r++) {
                int from = (int) ((start + r) % bundled.size());
                System.arraycopy(encoded, from * width, data, r * width, width);
            }
            matrices.add(Nd4j.create(data, new long[]{n, width}, 'c'));
        }
        return matrices;
    }

    /** Seconds to score every matrix once, split over {@code threads} threads with one network each. */
    private static double forward(byte[] networkBytes, List<INDArray> matrices, int threads) throws Exception {
        List<MultiLayerNetwork> networks = new ArrayList<>();
        for (int t = 0; t < threads; t++) networks.add(restore(networkBytes));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Double>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                parts.add(pool.submit(() -> {
                    double sum = 0;
                    for (int b = thread; b < matrices.size(); b += threads) {
                        INDArray in = matrices.get(b);
                        // The scores come back to the heap, as the job's tasks need them.
                        float[] scores = networks.get(thread).output(in, false).reshape(in.rows()).toFloatVector();
                        sum += scores[0];
                    }
                    return sum;
                }));
            }
            double checksum = 0;
            for (Future<Double> f : parts) checksum += f.get();
            double elapsed = seconds(start, System.nanoTime());
            if (Double.isNaN(checksum)) throw new IllegalStateException("NaN scores from the bare forward pass");
            return elapsed;
        } finally {
            pool.shutdown();
        }
    }

    /** The network's dense layers for the numpy scorer: W (inputs × outputs), b, activation, in order. */
    private static void writeWeights(MultiLayerNetwork network, FeatureTransform transform, Path file) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("features", Json.MAPPER.readTree(transform.toJson()));
        ArrayNode layers = root.putArray("layers");
        for (Layer layer : network.getLayers()) {
            ObjectNode l = layers.addObject();
            l.put("activation", activation(layer));
            INDArray w = layer.getParam("W");
            ArrayNode rowsNode = l.putArray("W");
            for (int i = 0; i < w.rows(); i++) {
                ArrayNode r = rowsNode.addArray();
                for (float v : w.getRow(i).toFloatVector()) r.add(v);
            }
            ArrayNode b = l.putArray("b");
            for (float v : layer.getParam("b").toFloatVector()) b.add(v);
        }
        Json.MAPPER.writeValue(file.toFile(), root);
    }

    private static String activation(Layer layer) {
        var conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) layer.conf().getLayer();
        return conf.getActivationFn().toString().toLowerCase(Locale.ROOT);
    }

    private static String describe(MultiLayerNetwork network) {
        List<String> parts = new ArrayList<>();
        for (Layer layer : network.getLayers()) {
            INDArray w = layer.getParam("W");
            parts.add(w.rows() + "->" + w.columns() + " " + activation(layer));
        }
        return String.join(", ", parts);
    }

    /** A thousand keys and their committed scores, for the numpy side to compare its own against. */
    private static void writeSample(SparkSession spark, Path table, String key, Path file) throws IOException {
        List<Row> sample = spark.read().format("delta").load(table.toString())
                .select(functions.col(key), functions.col(TrainedModel.SCORE_COLUMN)).limit(1000).collectAsList();
        List<String> lines = new ArrayList<>();
        lines.add(key + ",score");
        for (Row r : sample) lines.add(r.get(0) + "," + r.getDouble(1));
        Files.write(file, lines);
    }

    private static MultiLayerNetwork restore(byte[] bytes) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(new java.io.ByteArrayInputStream(bytes), false);
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static void put(ObjectNode node, String name, List<Double> values) {
        ArrayNode a = node.putArray(name);
        for (double v : values) a.add(Math.round(v * 1000) / 1000.0);
    }

}
