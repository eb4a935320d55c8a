package io.pitstop.steps.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleSizeTest {

    @Test
    void theDefaultProfilesEverySmallFileWholeThenFivePercentBetweenTheFloorAndTheCap() {
        SampleSize size = SampleSize.DEFAULT;
        assertEquals(7_043, size.rowsFor(7_043));
        assertEquals(100_000, size.rowsFor(100_000));
        assertEquals(100_000, size.rowsFor(1_000_000), "5% would be 50,000: the floor holds");
        assertEquals(150_000, size.rowsFor(3_000_000));
        assertEquals(500_000, size.rowsFor(10_000_000));
        assertEquals(500_000, size.rowsFor(50_000_000), "the cap");
        assertEquals(1.0, size.fractionOf(7_043));
        assertEquals(0.05, size.fractionOf(3_000_000), 1e-12);
    }

    @Test
    void theSampleNeverShrinksAsTheDataGrows() {
        long previous = 0;
        for (long rows = 0; rows <= 20_000_000; rows += 12_345) {
            long sampled = SampleSize.DEFAULT.rowsFor(rows);
            assertTrue(sampled >= previous && sampled <= rows, rows + " rows: " + sampled);
            previous = sampled;
        }
    }

    @Test
    void aFixedSizeSamplesThatManyAboveItAndEveryRowBelow() {
        assertEquals(2_000, SampleSize.atMost(2_000).rowsFor(7_043));
        assertEquals(1_500, SampleSize.atMost(2_000).rowsFor(1_500));
    }

    @Test
    void anInconsistentSizeIsRefusedNamingWhatIsWrong() {
        var floor = assertThrows(IllegalArgumentException.class, () -> new SampleSize(10, 100, 0.1));
        assertEquals("the sample's floor must be at least 1000 rows, found 10", floor.getMessage());
        var cap = assertThrows(IllegalArgumentException.class, () -> new SampleSize(5_000, 2_000, 0.1));
        assertEquals("the sample's cap (2000) is below its floor (5000)", cap.getMessage());
        var share = assertThrows(IllegalArgumentException.class, () -> new SampleSize(5_000, 9_000, 1.5));
        assertEquals("the sampled share must be in [0, 1], found 1.5", share.getMessage());
    }
}
