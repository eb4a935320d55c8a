package io.pitstop.steps.train;

import io.pitstop.steps.spark.ColumnNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.util.List;

/**
 * Assigns every row to train, validation or test by a hash of its key and the pipeline seed — not by
 * row order or a random draw — so the same key lands in the same split whatever the partitioning,
 * file order or number of executors, and a re-run with the same seed reproduces the held-out set.
 * Spark's {@code xxhash64} is the hash: computed in the engine (no UDF), stable across runs. A key's
 * split depends on its value and type, so keep the key column's type stable between runs.
 */
public final class DeterministicSplit {

    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";
    public static final List<String> NAMES = List.of(TRAIN, VALIDATION, TEST);
    /** Resolution of the fractions: 1/10,000. */
    private static final long BUCKETS = 10_000;

    private DeterministicSplit() {
    }

    /** The split name ({@link #TRAIN}, {@link #VALIDATION} or {@link #TEST}) of each row. */
    public static Column assignment(String keyColumn, long seed, SplitFractions fractions) {
        Column bucket = functions.pmod(functions.xxhash64(ColumnNames.column(keyColumn),
                functions.lit(seed)), functions.lit(BUCKETS));
        Column u = bucket.cast("double").divide((double) BUCKETS);
        return functions.when(u.lt(fractions.test()), TEST)
                .when(u.lt(fractions.test() + fractions.validation()), VALIDATION)
                .otherwise(TRAIN);
    }

    /** The rows of one split. */
    public static Dataset<Row> select(Dataset<Row> data, String keyColumn, long seed, SplitFractions fractions,
                                      String split) {
        if (!NAMES.contains(split)) throw new IllegalArgumentException("no split named '" + split + "'; use " + NAMES);
        return data.filter(assignment(keyColumn, seed, fractions).equalTo(split));
    }
}
