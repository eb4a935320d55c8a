package io.pitstop.steps.model;

import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class KeyHashesTest {

    private static long distinct(Object... keys) {
        var hashes = new KeyHashes();
        for (Object k : keys) hashes.add(k);
        return hashes.value().distinct();
    }

    @Test
    void equalKeysHashEqualSoADuplicateNeverPassesAsUnique() {
        assertEquals(3, distinct("7590-VHVEG", "5575-GNVDE", "3668-QPYBK"));
        assertEquals(2, distinct("7590-VHVEG", "5575-GNVDE", "7590-VHVEG"), "a duplicated key");
        assertEquals(2, distinct("é", "e\u0301", "é"), "equal strings, not equal-looking ones");
        assertEquals(2, distinct(1L, 2, 1L));
        assertEquals(2, distinct("a", null, "b", null), "nulls are not hashed");
        assertEquals(0, distinct());
    }

    @Test
    void aKeyTypeWhoseEqualityIsNotSparksOrTooManyKeysMarksTheResultIncomplete() {
        assertEquals(-1, distinct("a", 1.5d), "a double key: the caller counts the keys instead");
        assertEquals(-1, distinct(new byte[]{1}, new byte[]{1}), "arrays compare by identity in Java");
        var full = new KeyHashes();
        for (int i = 0; i <= KeyHashes.MAX_PER_TASK; i++) full.add(i);
        assertEquals(-1, full.value().distinct());
    }

    @Test
    void hashesGatheredFromSparkTasksCoverEveryKeyOnce() {
        var spark = TestSpark.session();
        var hashes = new KeyHashes();
        spark.sparkContext().register(hashes, "test_key_hashes");
        Dataset<Row> keys = spark.range(0, 5000, 1, 4).select(functions.concat(functions.lit("k-"),
                functions.col("id").cast("string")).as("key"));
        keys.foreach((org.apache.spark.api.java.function.ForeachFunction<Row>) r -> hashes.add(r.getString(0)));
        assertEquals(5000, hashes.value().distinct());
        assertEquals(4, hashes.value().chunks().size(), "one chunk per task");

        var withDuplicate = new KeyHashes();
        spark.sparkContext().register(withDuplicate, "test_key_hashes_dup");
        keys.union(keys.limit(1)).foreach((org.apache.spark.api.java.function.ForeachFunction<Row>) r -> withDuplicate.add(r.getString(0)));
        assertNotEquals(5001, withDuplicate.value().distinct());
    }
}
