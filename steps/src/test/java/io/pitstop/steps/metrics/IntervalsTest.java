package io.pitstop.steps.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntervalsTest {

    @Test
    void wilsonMatchesPublishedValuesAndStaysInsideZeroAndOne() {
        // 0 of 5 and 5 of 5: the textbook Wilson bounds (0.4345 and 0.5655), where the normal interval collapses to a point.
        assertArrayEquals(new double[] {0, 0.4345}, Intervals.wilson(0, 5), 1e-4);
        assertArrayEquals(new double[] {0.5655, 1}, Intervals.wilson(5, 5), 1e-4);
        // 81 of 263 (Newcombe 1998, example): 0.2553 to 0.3662.
        assertArrayEquals(new double[] {0.2553, 0.3662}, Intervals.wilson(81, 263), 1e-4);
        assertTrue(Double.isNaN(Intervals.wilson(0, 0)[0]));
    }

    @Test
    void hanleyMcNeilNarrowsWithMoreOutcomesAndIsUndefinedForOneClass() {
        double[] few = Intervals.hanleyMcNeil(0.8, 5, 5);
        double[] many = Intervals.hanleyMcNeil(0.8, 500, 500);
        assertTrue(few[0] < many[0] && many[1] < few[1]);
        // AUC 0.8 on 50 + 50: standard error 0.0445 by the closed form.
        assertEquals(0.8 - 1.96 * 0.0445, Intervals.hanleyMcNeil(0.8, 50, 50)[0], 1e-3);
        assertTrue(Double.isNaN(Intervals.hanleyMcNeil(Double.NaN, 3, 0)[0]));
        assertEquals(1.0, Intervals.hanleyMcNeil(1.0, 2, 2)[1]);
    }
}
