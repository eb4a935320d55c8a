package io.pitstop.steps.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Groups of a protected column, on cases small enough to count by hand. */
class ProtectedGroupsTest {

    /** Group a: 4 rows, 2 positive, predicts both positives and one negative; group b: 4 rows, predicts nothing. */
    private static final String[] GROUPS = {"a", "a", "a", "a", "b", "b", "b", "b"};
    private static final double[] SCORES = {0.9, 0.8, 0.7, 0.1, 0.4, 0.3, 0.2, 0.1};
    private static final int[] LABELS = {1, 1, 0, 0, 1, 0, 0, 0};

    private static ProtectedGroups judge(String[] groups, FairnessSpec spec) {
        return ProtectedGroups.judge(groups, spec, rows -> {
            double[] s = new double[rows.length];
            int[] l = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                s[i] = SCORES[rows[i] % SCORES.length];
                l[i] = LABELS[rows[i] % LABELS.length];
            }
            return ProtectedGroups.binaryMetrics(s, l, 0.5);
        }, true);
    }

    @Test
    void positiveRateTprFprAndCalibrationPerGroupAndTheGapsBetweenThem() {
        var judged = judge(GROUPS, new FairnessSpec(List.of("g"), 1, null));

        var a = judged.groups().get("a");
        assertEquals(4.0, a.get("count"));
        assertEquals(0.75, a.get("positive_rate"));
        assertEquals(1.0, a.get("tpr"));
        assertEquals(0.5, a.get("fpr"));
        assertEquals(0.625, a.get("mean_predicted"), 1e-12);
        assertEquals(0.5, a.get("observed_rate"));
        var b = judged.groups().get("b");
        assertEquals(0.0, b.get("positive_rate"));
        assertEquals(0.0, b.get("tpr"));

        var parity = judged.gaps().get(ProtectedGroups.DEMOGRAPHIC_PARITY);
        assertEquals(0.75, parity.value());
        assertEquals("a", parity.highest());
        assertEquals("b", parity.lowest());
        assertEquals(1.0, judged.gaps().get(ProtectedGroups.EQUAL_OPPORTUNITY).value());
        assertEquals(0.5, judged.gaps().get(ProtectedGroups.FALSE_POSITIVE_RATE_GAP).value());
        assertTrue(judged.notJudged().isEmpty());
    }

    @Test
    void aGroupBelowTheMinimumSizeIsListedNotJudgedAndANullGroupIsAGroupOfItsOwn() {
        String[] groups = {"a", "a", "a", "a", "b", "b", "b", EvaluationReport.NULL_SLICE};

        var judged = judge(groups, new FairnessSpec(List.of("g"), 3, null));

        assertEquals(List.of("a", "b"), List.copyOf(judged.groups().keySet()));
        var missing = judged.notJudged().get(EvaluationReport.NULL_SLICE);
        assertEquals(1, missing.rows());
        assertEquals("1 test rows, fewer than min_group_rows 3", missing.reason());
        // Judged with a lower minimum, the null group is measured like any other.
        assertTrue(judge(groups, new FairnessSpec(List.of("g"), 1, null)).groups().containsKey(EvaluationReport.NULL_SLICE));
    }

    @Test
    void ofAColumnWithManyValuesOnlyTheLargestGroupsAreJudgedAndTheRestSaySo() {
        // 2 large groups, then 300 singletons: the id-like column a stranger might declare.
        String[] groups = new String[8 + 300];
        for (int i = 0; i < 8; i++) groups[i] = i < 5 ? "big" : "mid";
        for (int i = 8; i < groups.length; i++) groups[i] = "id-" + i;

        var judged = judge(groups, new FairnessSpec(List.of("g"), 1, 2));

        assertEquals(List.of("big", "mid"), List.copyOf(judged.groups().keySet()));
        assertEquals(ProtectedGroups.LISTED, judged.notJudged().size());
        assertEquals("beyond the 2 largest groups judged (max_groups)", judged.notJudged().values().iterator().next().reason());
        assertEquals(300 - ProtectedGroups.LISTED, judged.unlisted().groups());
        assertEquals(300 - ProtectedGroups.LISTED, judged.unlisted().rows());
    }

    @Test
    void withOneJudgedGroupThereIsNoGap() {
        var judged = judge(new String[]{"a", "a", "a", "a"}, new FairnessSpec(List.of("g"), 1, null));
        assertTrue(judged.gaps().isEmpty());
        assertNull(judged.unlisted());
    }

    @Test
    void aSpecListsEveryBadValueAtOnce() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FairnessSpec(List.of("a", "a"), 0, 1));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
        assertTrue(e.getMessage().contains("min_group_rows must be >= 1"), e.getMessage());
        assertTrue(e.getMessage().contains("max_groups must be >= 2"), e.getMessage());
        assertFalse(new FairnessSpec(List.of("a"), null, null).protectedColumns().isEmpty());
        assertEquals(FairnessSpec.DEFAULT_MIN_GROUP_ROWS, new FairnessSpec(List.of("a"), null, null).minGroupRows());
    }
}
