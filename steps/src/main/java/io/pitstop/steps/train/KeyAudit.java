package io.pitstop.steps.train;

import io.pitstop.steps.dataset.ColumnHashProof;
import io.pitstop.steps.spark.ColumnNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Whether a data set's key names each row once: rows without a key, key values on more than one row,
 * and the most repeated of them. The splits are drawn by key hash, and evaluation, the gate and scoring
 * tell rows apart by the key, so training refuses a key that does not ({@code train.network} fails
 * before splitting, naming the values).
 *
 * <p>A sound key costs one job and no shuffle ({@link ColumnHashProof}: 64-bit hashes prove every value
 * distinct). Only when they do not — a duplicate, a null, a key type hashes cannot judge (floating
 * point), or a rare shared hash — does one group-by count the values, kept (usually small: only the
 * repeated values and the nulls) for the totals and the examples. Nothing but those reaches the driver.
 *
 * @param rows             rows in the data
 * @param nullRows         rows whose key is null
 * @param duplicatedValues distinct non-null key values found on more than one row
 * @param duplicatedRows   rows carrying one of those values
 * @param examples         at most {@link #MAX_EXAMPLES} of those values, most repeated first, then by value
 */
public record KeyAudit(String column, long rows, long nullRows, long duplicatedValues, long duplicatedRows,
                       List<RepeatedKey> examples) {

    public static final int MAX_EXAMPLES = 10;

    /** A key value and the number of rows that carry it. */
    public record RepeatedKey(String value, long rows) {
    }

    public KeyAudit {
        examples = List.copyOf(examples);
    }

    /** Audits {@code column} of {@code data}; the column must exist. */
    public static KeyAudit of(Dataset<Row> data, String column) {
        Optional<ColumnHashProof> proof = ColumnHashProof.gather(data, column);
        if (proof.isPresent() && proof.get().distinct() && proof.get().nonNull() == proof.get().rows()) {
            return new KeyAudit(column, proof.get().rows(), 0, 0, 0, List.of());
        }
        Column key = col("key");
        Column n = col("n");
        Dataset<Row> repeated = data.groupBy(ColumnNames.column(column).as("key"))
                .agg(count(lit(1)).as("n"))
                .where(key.isNull().or(n.gt(1)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Row totals = repeated.agg(
                    coalesce(sum(when(key.isNull(), n)), lit(0L)),
                    count(key),
                    coalesce(sum(when(key.isNotNull(), n)), lit(0L))).first();
            var examples = new ArrayList<RepeatedKey>();
            for (Row r : repeated.where(key.isNotNull()).orderBy(n.desc(), key.asc()).limit(MAX_EXAMPLES).collectAsList()) {
                examples.add(new RepeatedKey(String.valueOf(r.get(0)), r.getLong(1)));
            }
            long rows = proof.map(ColumnHashProof::rows).orElseGet(data::count);
            return new KeyAudit(column, rows, totals.getLong(0), totals.getLong(1), totals.getLong(2), examples);
        } finally {
            repeated.unpersist();
        }
    }

    /** Every row has a key, and no two rows the same. */
    public boolean sound() {
        return nullRows == 0 && duplicatedValues == 0;
    }

    /** What is wrong with the key and how to fix it; only for a key that is not {@link #sound()}. */
    public String problem() {
        if (sound()) throw new IllegalStateException("key '" + column + "' names each row once");
        var found = new ArrayList<String>();
        if (nullRows > 0) {
            found.add(nullRows + " of " + rows + (nullRows == 1 ? " rows has" : " rows have") + " a null key");
        }
        if (duplicatedValues > 0) {
            var values = new ArrayList<String>();
            examples.forEach(e -> values.add("'" + e.value() + "' (" + e.rows() + " rows)"));
            found.add(duplicatedValues + (duplicatedValues == 1 ? " key value occurs" : " key values occur")
                    + " more than once, on " + duplicatedRows + " of " + rows + " rows"
                    + (duplicatedValues > examples.size() ? ", the " + examples.size() + " most repeated: " : ": ")
                    + String.join(", ", values));
        }
        return "key '" + column + "' must name each row once, and does not: " + String.join("; ", found) + "."
                + " Evaluation, the gate and scoring tell rows apart by the key. Declare as key a column that is"
                + " unique and never null, or, for data without an id, derive one in the data contract:"
                + " - { name: row_key, type: string, nullable: false, derived: { hash_of: [columns that together"
                + " tell rows apart] } } and key: row_key";
    }

    /** The counts as run metrics, so a refused run's record says how far the key was from sound. */
    public Map<String, Double> metrics() {
        var out = new TreeMap<String, Double>();
        out.put("key_null_rows", (double) nullRows);
        out.put("key_duplicated_values", (double) duplicatedValues);
        out.put("key_duplicated_rows", (double) duplicatedRows);
        return out;
    }
}
