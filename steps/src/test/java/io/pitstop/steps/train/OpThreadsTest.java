package io.pitstop.steps.train;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpThreadsTest {

    private static final NetworkParams SMALL =
            new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, 2, 128, 1e-4, null, null, null, null);

    @Test
    void aSmallNetworkIsOneThreadAndAWideOneKeepsNd4jsSetting() {
        assertEquals(1, OpThreads.threadsFor(128, 20, List.of(32, 16), 1), "the demo's network");
        assertEquals(0, OpThreads.threadsFor(256, 512, List.of(1024, 256), 1), "256 x 512 x 1024 multiply-adds");
    }

    /**
     * ND4J takes its thread counts from OMP_NUM_THREADS at start and never raises them above it (the build
     * runs with 1), so the two-thread side runs in a JVM of its own.
     */
    @Test
    void withTwoOpenMpThreadsTrainingRunsOnOnePutsTwoBackAndGivesTheOneThreadWeights() throws Exception {
        String inProcess = trainAndDescribe();
        String[] twoThreads = child("2").split(" ", 4);
        assertEquals("before=2", twoThreads[0], String.join(" ", twoThreads));
        assertEquals("during=[1,1]", twoThreads[1]);
        assertEquals("after=2", twoThreads[2]);
        assertEquals(inProcess.split(" ", 4)[3], twoThreads[3], "the same seed gives the same weights at 1 and 2 threads");
    }

    /** Trains the small network on seeded rows: ND4J's threads before, in each epoch and after, then the weights. */
    static String trainAndDescribe() {
        int before = OpThreads.current();
        var during = new ArrayList<Integer>();
        var outcome = new NetworkTrainer().train(SMALL, 42, rows(600, 6, 3), rows(100, 6, 4),
                e -> during.add(OpThreads.current()));
        return "before=" + before + " during=" + during.toString().replace(" ", "") + " after=" + OpThreads.current() + " weights="
                + Arrays.toString(outcome.network().params().toFloatVector());
    }

    public static void main(String[] args) {
        System.out.println(trainAndDescribe());
    }

    private static String child(String ompThreads) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OpThreadsTest.class.getName()));
        var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("OMP_NUM_THREADS", ompThreads);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static EncodedRows rows(int n, int width, long seed) {
        var random = new SplittableRandom(seed);
        float[] x = new float[n * width];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < width; j++) {
                x[i * width + j] = (float) (random.nextDouble() * 2 - 1);
                z += x[i * width + j] * (j % 2 == 0 ? 1 : -1);
            }
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1f : 0f;
        }
        return new EncodedRows(x, y, n, width);
    }
}
