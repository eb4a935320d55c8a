package io.pitstop.steps.metrics;

import io.pitstop.steps.metrics.MulticlassMetrics;
import io.pitstop.steps.metrics.RegressionMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-class and regression metrics on cases small enough to compute by hand. */
class TaskMetricsTest {

    // Four rows, three classes. Predicted (argmax): 0, 1, 1, 2; actual: 0, 1, 2, 2.
    private static final double[] P = {
            0.7, 0.2, 0.1,
            0.1, 0.8, 0.1,
            0.2, 0.5, 0.3,
            0.1, 0.1, 0.8};
    private static final int[] Y = {0, 1, 2, 2};

    @Test
    void multiclassMetricsByHand() {
        var m = MulticlassMetrics.overall(P, Y, 3);
        assertEquals(4.0, m.get("count"));
        assertEquals(0.75, m.get("accuracy"), 1e-12);
        assertEquals(-(Math.log(0.7) + Math.log(0.8) + Math.log(0.3) + Math.log(0.8)) / 4, m.get("log_loss"), 1e-12);
        // Per class: 0 -> p 1, r 1, f1 1; 1 -> p 1/2, r 1, f1 2/3; 2 -> p 1, r 1/2, f1 2/3.
        assertEquals((1 + 2.0 / 3 + 2.0 / 3) / 3, m.get("macro_f1"), 1e-12);
        assertEquals((1 * 1 + 2.0 / 3 * 1 + 2.0 / 3 * 2) / 4, m.get("weighted_f1"), 1e-12);
        assertEquals((1 + 0.5 + 1) / 3, m.get("macro_precision"), 1e-12);
        assertEquals((1 + 1 + 0.5) / 3, m.get("macro_recall"), 1e-12);
        assertEquals(0.5, m.get("majority_rate"), 1e-12);

        long[][] confusion = MulticlassMetrics.confusion(P, Y, 3);
        assertArrayEquals(new long[]{1, 0, 0}, confusion[0]);
        assertArrayEquals(new long[]{0, 1, 0}, confusion[1]);
        assertArrayEquals(new long[]{0, 1, 1}, confusion[2]);
        var perClass = MulticlassMetrics.perClass(confusion, List.of("a", "b", "c"));
        assertEquals(0.5, perClass.get("b").get("precision"), 1e-12);
        assertEquals(0.5, perClass.get("c").get("recall"), 1e-12);
        assertEquals(2.0, perClass.get("c").get("support"));
    }

    @Test
    void aClassNeverPredictedHasNoPrecisionOfItsOwnAndCountsZeroInTheAverages() {
        double[] p = {0.9, 0.1, 0.8, 0.2};
        int[] y = {0, 1};
        var perClass = MulticlassMetrics.perClass(MulticlassMetrics.confusion(p, y, 2), List.of("a", "b"));
        assertTrue(perClass.get("b").get("precision").isNaN());
        assertEquals(0.0, perClass.get("b").get("f1"));
        assertEquals(0.25, MulticlassMetrics.overall(p, y, 2).get("macro_precision"), 1e-12);
    }

    @Test
    void aMisshapenInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MulticlassMetrics.accuracy(P, new int[]{0, 1, 2}, 3));
        assertThrows(IllegalArgumentException.class, () -> MulticlassMetrics.accuracy(P, new int[]{0, 1, 2, 3}, 3));
    }

    @Test
    void regressionMetricsByHand() {
        // Errors 1, -1, 2, 0 against actual 1, 2, 3, 4 (mean 2.5, total sum of squares 5).
        var m = RegressionMetrics.of(new double[]{2, 1, 5, 4}, new double[]{1, 2, 3, 4});
        assertEquals(Math.sqrt(6.0 / 4), m.get("rmse"), 1e-12);
        assertEquals(1.0, m.get("mae"), 1e-12);
        assertEquals(1 - 6.0 / 5, m.get("r2"), 1e-12);
        assertEquals(Math.sqrt(5.0 / 4), m.get("baseline_rmse"), 1e-12);
        assertTrue(RegressionMetrics.of(new double[]{1, 2}, new double[]{3, 3}).get("r2").isNaN(),
                "R² is undefined when every actual value is the same");
    }
}
