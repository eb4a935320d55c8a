package io.pitstop.steps.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ROC/PR points and threshold table evaluation records, on cases small enough to count by hand. */
class OperatingPointsTest {

    // Ten rows, scores highest first: labels 1 1 0 1 0 0 1 0 0 0 (four positives, six negatives).
    private static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.35, 0.3, 0.2, 0.1};
    private static final int[] LABELS = {1, 1, 0, 1, 0, 0, 1, 0, 0, 0};

    @Test
    void eachPointCountsTheRowsAtOrAboveItsThreshold() {
        var points = OperatingPoints.of(SCORES, LABELS, 0.5);
        var atHalf = points.table().stream().filter(p -> p.threshold() == 0.5).findFirst().orElseThrow();
        // 0.9 0.8 0.7 0.6 0.55 flagged: three positives, two negatives.
        assertEquals(5, atHalf.flagged());
        assertEquals(3.0 / 5, atHalf.precision(), 1e-12);
        assertEquals(3.0 / 4, atHalf.recall(), 1e-12);
        assertEquals(2.0 / 6, atHalf.fpr(), 1e-12);
        assertEquals(Metrics.of(SCORES, LABELS, 0.5).f1(), atHalf.f1(), 1e-12);
        // The curve runs from the top score (one row flagged) to the lowest (every row), highest threshold first.
        assertEquals(0.9, points.curve().get(0).threshold());
        assertEquals(1, points.curve().get(0).flagged());
        var last = points.curve().get(points.curve().size() - 1);
        assertEquals(10, last.flagged());
        assertEquals(1.0, last.recall());
        assertEquals(1.0, last.fpr());
    }

    @Test
    void theBestF1ThresholdIsFoundAmongTheScores() {
        // F1 by rows flagged: k=2 0.667, k=4 0.75, k=7 0.727; the best flags the top four, threshold 0.6.
        var best = OperatingPoints.of(SCORES, LABELS, 0.5).bestF1();
        assertEquals(0.6, best.threshold());
        assertEquals(4, best.flagged());
        assertEquals(0.75, best.f1(), 1e-12);
        assertTrue(OperatingPoints.of(SCORES, LABELS, 0.5).table().stream().anyMatch(p -> p.threshold() == 0.6),
                "the table lists the best-F1 threshold beside the grid");
    }

    @Test
    void onRareEventsTheFixedHalfCanBeFarFromTheBestF1() {
        // 100 rows, 10 positives, every score under 0.5: at 0.5 nothing is flagged, so F1 there is 0.
        double[] scores = new double[100];
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            scores[i] = 0.01 + i * 0.004;
            labels[i] = i >= 90 ? 1 : 0;
        }
        var points = OperatingPoints.of(scores, labels, 0.5);
        var atHalf = points.table().stream().filter(p -> p.threshold() == 0.5).findFirst().orElseThrow();
        assertEquals(0, atHalf.flagged());
        assertEquals(0.0, atHalf.f1());
        assertEquals(1.0, points.bestF1().f1(), 1e-12);
        assertEquals(scores[90], points.bestF1().threshold());
    }

    @Test
    void theCurveStaysBoundedOnALargeSplit() {
        int n = 50_000;
        double[] scores = new double[n];
        int[] labels = new int[n];
        var random = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.2 ? 1 : 0;
            scores[i] = Math.min(1, Math.max(0, 0.3 * labels[i] + 0.7 * random.nextDouble()));
        }
        var points = OperatingPoints.of(scores, labels, 0.5);
        assertTrue(points.curve().size() <= OperatingPoints.CURVE_POINTS + 2, points.curve().size() + " points");
        assertTrue(points.table().size() <= OperatingPoints.TABLE_STEPS + 1, points.table().size() + " rows");
    }

    @Test
    void aSplitWithoutPositivesHasNoBestF1() {
        assertNull(OperatingPoints.of(new double[]{0.2, 0.7}, new int[]{0, 0}, 0.5).bestF1());
    }

    @Test
    void theyAreWrittenToMetricsJsonAndReadBack(@TempDir Path dir) throws Exception {
        var overall = Metrics.of(SCORES, LABELS, 0.5);
        var written = new EvaluationReport(EvaluationReport.FORMAT_VERSION, 0.5, "model", "test", overall,
                Metrics.calibration(SCORES, LABELS), new TreeMap<>(), null, OperatingPoints.of(SCORES, LABELS, 0.5));
        Path file = dir.resolve(MetricsReport.FILE_NAME);
        written.write(file);
        assertTrue(Files.readString(file).contains("\"operating_points\""), Files.readString(file));

        var read = assertInstanceOf(EvaluationReport.class, MetricsReport.read(file));

        assertEquals(written.operatingPoints().bestF1(), read.operatingPoints().bestF1());
        assertEquals(written.operatingPoints().curve().size(), read.operatingPoints().curve().size());
        assertEquals(List.copyOf(written.operatingPoints().table()).get(0).threshold(),
                read.operatingPoints().table().get(0).threshold());
    }
}
