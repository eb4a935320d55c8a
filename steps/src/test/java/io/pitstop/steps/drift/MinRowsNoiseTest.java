package io.pitstop.steps.drift;

import io.pitstop.engine.contract.DriftSpec;
import io.pitstop.steps.profile.DatasetProfile.DriftBins;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why min_rows defaults to 500: PSI of a sample drawn from the very distribution it is compared with (no
 * drift at all) against the most bins drift uses (the 20 values compared one by one plus the pooled rest),
 * in 1,000 seeded draws per batch size. At 500 rows noise averages (k − 1)/n = 0.04, stays below psi_warning
 * in 99% of batches and far below psi_error always; at 100 rows it is typically above psi_error.
 */
class MinRowsNoiseTest {

    private static final int DRAWS = 1_000;

    /** A skewed 21-bin distribution: 20 values with Zipf-like shares and a pooled rest of 5%. */
    private static double[] expected() {
        int k = DriftBins.MAX_VALUE_BINS + 1;
        double[] shares = new double[k];
        double sum = 0;
        for (int i = 0; i < k - 1; i++) sum += shares[i] = 1.0 / (i + 1);
        for (int i = 0; i < k - 1; i++) shares[i] = 0.95 * shares[i] / sum;
        shares[k - 1] = 0.05;
        return shares;
    }

    private static double[] noisePsi(int rows, long seed) {
        double[] expected = expected();
        Random random = new Random(seed);
        double[] psi = new double[DRAWS];
        for (int d = 0; d < DRAWS; d++) {
            long[] counts = new long[expected.length];
            for (int r = 0; r < rows; r++) {
                double u = random.nextDouble();
                int b = 0;
                while (b < expected.length - 1 && (u -= expected[b]) >= 0) b++;
                counts[b]++;
            }
            double[] actual = Arrays.stream(counts).mapToDouble(n -> (double) n / rows).toArray();
            psi[d] = Psi.of(expected, actual);
        }
        Arrays.sort(psi);
        return psi;
    }

    @Test
    void atTheDefaultMinRowsNoiseStaysBelowTheWarningLineAndAtAFifthOfItItFails() {
        int minRows = (int) DriftSpec.DEFAULT_MIN_ROWS;
        double[] atMin = noisePsi(minRows, 1);
        double[] atFifth = noisePsi(minRows / 5, 2);
        double mean = Arrays.stream(atMin).average().orElseThrow();
        double p99 = atMin[(int) (DRAWS * 0.99) - 1];
        double max = atMin[DRAWS - 1];
        System.out.printf(Locale.ROOT, "noise PSI, 21 bins: %d rows mean %.4f p99 %.4f max %.4f; %d rows median %.4f%n",
                minRows, mean, p99, max, minRows / 5, atFifth[DRAWS / 2]);

        assertTrue(Math.abs(mean - 20.0 / minRows) < 0.25 * 20.0 / minRows, "about (k-1)/n: " + mean);
        assertTrue(p99 < DriftSpec.DEFAULT_PSI_WARNING, "99% of no-drift batches of " + minRows + " rows: " + p99);
        assertTrue(max < 0.6 * DriftSpec.DEFAULT_PSI_ERROR, "the worst of " + DRAWS + " no-drift batches: " + max);
        assertTrue(atFifth[DRAWS / 2] > DriftSpec.DEFAULT_PSI_ERROR,
                "at " + minRows / 5 + " rows noise alone would fail half the runs: " + atFifth[DRAWS / 2]);
    }
}
