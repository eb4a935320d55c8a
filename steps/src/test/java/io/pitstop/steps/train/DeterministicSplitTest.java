package io.pitstop.steps.train;

import io.pitstop.steps.TelcoData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterministicSplitTest {

    private static final SplitFractions FRACTIONS = new SplitFractions(0.2, 0.1);

    private static Map<String, String> assign(Dataset<Row> data, long seed) {
        var out = new HashMap<String, String>();
        data.select(functions.col("customer_id"), DeterministicSplit.assignment("customer_id", seed, FRACTIONS))
                .collectAsList().forEach(r -> out.put(r.getString(0), r.getString(1)));
        return out;
    }

    @Test
    void sameSeedGivesTheSameSplitWhateverThePartitioning() {
        Dataset<Row> data = TelcoData.first(2000).cache();
        Map<String, String> onePartition = assign(data.coalesce(1), 42);
        Map<String, String> sevenShuffled = assign(data.repartition(7).orderBy(functions.rand(3)), 42);
        assertEquals(2000, onePartition.size());
        assertEquals(onePartition, sevenShuffled);
    }

    @Test
    void anotherSeedMovesRowsAndFractionsAreRespected() {
        Dataset<Row> data = TelcoData.first(2000);
        Map<String, String> a = assign(data, 42);
        Map<String, String> b = assign(data, 43);
        assertNotEquals(a, b);
        long test = a.values().stream().filter("test"::equals).count();
        long validation = a.values().stream().filter("validation"::equals).count();
        // Binomial(2000, 0.2): sd ~18; allow 5 sd.
        assertTrue(Math.abs(test - 400) < 90, "test rows " + test);
        assertTrue(Math.abs(validation - 200) < 70, "validation rows " + validation);
    }
}
