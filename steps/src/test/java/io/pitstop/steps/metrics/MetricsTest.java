package io.pitstop.steps.metrics;

import io.pitstop.steps.metrics.CalibrationBin;
import io.pitstop.steps.metrics.ClassifierMetrics;
import io.pitstop.steps.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    @Test
    void aucOfAPerfectRankingIsOneAndOfAReversedOneZero() {
        int[] labels = {0, 0, 1, 1};
        assertEquals(1.0, Metrics.auc(new double[]{0.1, 0.2, 0.8, 0.9}, labels));
        assertEquals(0.0, Metrics.auc(new double[]{0.9, 0.8, 0.2, 0.1}, labels));
    }

    @Test
    void tiesCountOneHalf() {
        assertEquals(0.5, Metrics.auc(new double[]{0.5, 0.5, 0.5, 0.5}, new int[]{0, 1, 0, 1}));
        // positives 0.8, 0.4; negatives 0.4, 0.1: pairs (0.8>0.4)=1, (0.8>0.1)=1, (0.4=0.4)=0.5, (0.4>0.1)=1 -> 3.5/4
        assertEquals(0.875, Metrics.auc(new double[]{0.8, 0.4, 0.4, 0.1}, new int[]{1, 1, 0, 0}));
    }

    @Test
    void aucIsUndefinedWithOneClass() {
        assertTrue(Double.isNaN(Metrics.auc(new double[]{0.1, 0.9}, new int[]{1, 1})));
    }

    @Test
    void logLossIsMeanCrossEntropyAndClipsCertainMistakes() {
        assertEquals(-(Math.log(0.8) + Math.log(0.6)) / 2, Metrics.logLoss(new double[]{0.8, 0.4}, new int[]{1, 0}), 1e-12);
        assertEquals(-Math.log(Metrics.EPSILON), Metrics.logLoss(new double[]{0.0}, new int[]{1}), 1e-9);
    }

    @Test
    void thresholdMetricsOnAHandCase() {
        // scores: 0.9(1) 0.7(0) 0.6(1) 0.3(1) 0.2(0); threshold 0.5 -> TP 2, FP 1, FN 1, TN 1
        ClassifierMetrics m = Metrics.of(new double[]{0.9, 0.7, 0.6, 0.3, 0.2}, new int[]{1, 0, 1, 1, 0}, 0.5);
        assertEquals(5, m.count());
        assertEquals(2, m.truePositives());
        assertEquals(1, m.falsePositives());
        assertEquals(1, m.falseNegatives());
        assertEquals(1, m.trueNegatives());
        assertEquals(0.6, m.accuracy(), 1e-12);
        assertEquals(2.0 / 3, m.precision(), 1e-12);
        assertEquals(2.0 / 3, m.recall(), 1e-12);
        assertEquals(2.0 / 3, m.f1(), 1e-12);
        assertEquals(0.6, m.positiveRate(), 1e-12);
        assertEquals(0.6, m.baseRate(), 1e-12);
        // positives 0.9,0.6,0.3 vs negatives 0.7,0.2: wins 2+1+1 = 4 of 6
        assertEquals(4.0 / 6, m.auc(), 1e-12);
        // a score equal to the threshold is a positive decision
        assertEquals(1, Metrics.of(new double[]{0.5}, new int[]{1}, 0.5).truePositives());
    }

    @Test
    void calibrationBinsAverageScoresAndOutcomes() {
        List<CalibrationBin> bins = Metrics.calibration(new double[]{0.05, 0.15, 0.95, 1.0}, new int[]{0, 0, 1, 0});
        assertEquals(10, bins.size());
        assertEquals(1, bins.get(0).count());
        assertEquals(0.05, bins.get(0).meanPredicted(), 1e-12);
        assertEquals(2, bins.get(9).count()); // 1.0 lands in the last bin
        assertEquals(0.975, bins.get(9).meanPredicted(), 1e-12);
        assertEquals(0.5, bins.get(9).observedRate(), 1e-12);
        assertEquals(0, bins.get(5).count());
        assertTrue(Double.isNaN(bins.get(5).meanPredicted()));
    }

    @Test
    void labelsOtherThanZeroOrOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.auc(new double[]{0.1}, new int[]{2}));
    }
}
