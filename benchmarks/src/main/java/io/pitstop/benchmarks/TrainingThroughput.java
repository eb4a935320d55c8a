package io.pitstop.benchmarks;

import io.pitstop.steps.train.EncodedRows;
import io.pitstop.steps.train.Activation;
import io.pitstop.steps.train.NetworkParams;
import io.pitstop.steps.train.NetworkTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The training-throughput benchmark's Pitstop side ({@code benchmarks/training.sh}): generates a
 * seeded binary-classification dataset, writes it for the PyTorch side to read, and trains the
 * network the demo pipeline declares with the same driver-path code {@code train.network} runs,
 * timing only the fitting of each epoch (not the loss curves).
 *
 * <p>Variant {@code bare-dl4j} is the bound Pitstop's trainer can reach through DL4J: the same network
 * configuration fitted by DL4J alone — minibatches built before the clock starts, in file order, no
 * shuffle, no batch assembly, and ND4J's threads as OMP_NUM_THREADS leaves them.
 *
 * <p>Usage: {@code TrainingThroughput <rows> <features> <epochs> <data-file> [pitstop|bare-dl4j]}; prints one
 * JSON line.
 */
public final class TrainingThroughput {

    private TrainingThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int rows = Integer.parseInt(args[0]);
        int width = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        Path file = Path.of(args[3]);
        EncodedRows data = generate(rows, width, 7);
        write(data, file);

        String variant = args.length > 4 ? args[4] : "pitstop";
        var params = new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, epochs, 128, 1e-4, null, null, null, null);
        if (variant.equals("bare-dl4j")) {
            System.out.println(json(rows, width, bare(params, data), Double.NaN));
            return;
        }
        if (!variant.equals("pitstop")) throw new IllegalArgumentException("variant: pitstop or bare-dl4j, not " + variant);
        EncodedRows validation = generate(2_000, width, 8);
        var fit = new NetworkTrainer.DriverEpochs(data, 42, params.batchSize(), 1.0);
        List<Double> seconds = new ArrayList<>();
        NetworkTrainer.EpochFit timed = (network, epoch) -> {
            long start = System.nanoTime();
            long n = fit.fit(network, epoch);
            seconds.add((System.nanoTime() - start) / 1e9);
            return n;
        };
        var outcome = new NetworkTrainer().train(params, 42, data, validation, timed, e -> { });
        System.out.println(json(rows, width, seconds, outcome.epochs().get(outcome.epochs().size() - 1).validationMetric()));
    }

    /** DL4J's own fit loop over minibatches made before timing: what is left when Pitstop adds nothing. */
    static List<Double> bare(NetworkParams params, EncodedRows data) {
        int width = data.width();
        int batch = params.batchSize();
        var minibatches = new ArrayList<DataSet>();
        for (int from = 0; from < data.rows(); from += batch) {
            int n = Math.min(batch, data.rows() - from);
            minibatches.add(new DataSet(
                    Nd4j.create(Arrays.copyOfRange(data.features(), from * width, (from + n) * width), new long[]{n, width}, 'c'),
                    Nd4j.create(Arrays.copyOfRange(data.labels(), from, from + n), new long[]{n, 1}, 'c')));
        }
        Nd4j.getRandom().setSeed(42);
        var network = new MultiLayerNetwork(NetworkTrainer.configuration(params, 42, width));
        network.init();
        List<Double> seconds = new ArrayList<>();
        for (int epoch = 1; epoch <= params.epochs(); epoch++) {
            long start = System.nanoTime();
            for (DataSet minibatch : minibatches) network.fit(minibatch);
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        return seconds;
    }

    private static String json(int rows, int width, List<Double> seconds, double auc) {
        StringBuilder json = new StringBuilder("{\"side\":\"pitstop-dl4j\",\"rows\":" + rows + ",\"features\":" + width
                + ",\"epoch_seconds\":[");
        for (int i = 0; i < seconds.size(); i++) json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", seconds.get(i)));
        json.append("]");
        if (!Double.isNaN(auc)) json.append(String.format(Locale.ROOT, ",\"final_validation_auc\":%.4f", auc));
        return json.append("}").toString();
    }

    /**
     * Features uniform in [-1, 1]; the label is 1 with probability sigmoid(w·x + 0.5·x0·x1), a linear
     * rule with one interaction, so a network has something to learn beyond a linear model.
     */
    static EncodedRows generate(int rows, int width, long seed) {
        var random = new SplittableRandom(seed);
        float[] weights = new float[width];
        var fixed = new SplittableRandom(1);
        for (int j = 0; j < width; j++) weights[j] = (float) (fixed.nextDouble() * 2 - 1);
        float[] x = new float[rows * width];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            double z = 0;
            for (int j = 0; j < width; j++) {
                float v = (float) (random.nextDouble() * 2 - 1);
                x[i * width + j] = v;
                z += weights[j] * v;
            }
            z += 0.5 * x[i * width] * x[i * width + 1];
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-2 * z)) ? 1f : 0f;
        }
        return new EncodedRows(x, y, rows, width);
    }

    /** Little-endian: int32 rows, int32 width, rows×width float32 features, rows float32 labels. */
    static void write(EncodedRows data, Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8 + 4 * (data.features().length + data.labels().length))
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(data.rows()).putInt(data.width());
        for (float f : data.features()) buffer.putFloat(f);
        for (float f : data.labels()) buffer.putFloat(f);
        buffer.flip();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) out.write(buffer);
        }
    }
}
