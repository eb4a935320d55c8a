package io.pitstop.steps.dataset;

import io.pitstop.steps.model.KeyHashes;
import io.pitstop.steps.spark.ColumnNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;

import java.util.Optional;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * One job over one column, no shuffle: its rows, its non-null values, and whether 64-bit hashes of
 * the values prove every non-null value distinct. Shared by the contract's {@code unique} check
 * ({@link KeyUniqueness}) and the train step's key check, which both need an exact answer cheaply
 * when the column is, as it should be, unique — and count the values themselves only when it is not.
 *
 * <p>Equal values always hash equal, so when every hash differs every value differs. When some
 * coincide (a duplicated value, or very rarely two values sharing a hash), or a task gathered too many
 * ({@link KeyHashes#MAX_PER_TASK}), {@code distinct} is false: not proven, for the caller to count.
 *
 * @param distinct true only when the hashes prove every non-null value distinct
 */
public record ColumnHashProof(long rows, long nonNull, boolean distinct) {

    /**
     * Empty when the column's type has no byte-faithful equality (floating point: 0.0 equals -0.0;
     * decimal, binary) or when the job failed (more hashes than the driver takes in task results):
     * the caller then counts the values exactly.
     */
    public static Optional<ColumnHashProof> gather(Dataset<Row> data, String column) {
        if (!hashable(data.schema().apply(column).dataType())) return Optional.empty();
        // Unnamed: a named accumulator's value would be kept with every task and stage Spark reports.
        KeyHashes hashes = new KeyHashes();
        data.sparkSession().sparkContext().register(hashes);
        UDF1<Long, Boolean> gather = h -> {
            hashes.add(h); // null (a null value) is not gathered
            return true;
        };
        // Nondeterministic, so Spark neither drops nor moves it. Why the result is safe whatever Spark does
        // with it (a row skipped, a task retried and its hashes merged twice): distinct hashes can never
        // outnumber distinct values, nor those the non-null rows, so distinct hashes == non-null rows proves
        // every value distinct; anything else is "not proven".
        UserDefinedFunction gathering = udf(gather, DataTypes.BooleanType).asNondeterministic();
        Column value = ColumnNames.column(column);
        Row counts;
        try {
            counts = data.where(gathering.apply(when(value.isNotNull(), xxhash64(value))))
                    .agg(count(lit(1)), count(value)).first();
        } catch (Exception e) {
            if (!(e instanceof org.apache.spark.SparkException)) throw e;
            return Optional.empty(); // the job failed, e.g. more hashes than the driver takes in task results
        }
        long nonNull = counts.getLong(1);
        long distinct = hashes.value().distinct(); // -1 when a task gave up gathering
        return Optional.of(new ColumnHashProof(counts.getLong(0), nonNull, distinct == nonNull));
    }

    /** Types whose Spark equality is equality of the value xxhash64 reads. */
    static boolean hashable(DataType type) {
        return type instanceof IntegralType || type.equals(DataTypes.StringType) || type.equals(DataTypes.DateType)
                || type.equals(DataTypes.TimestampType) || type.equals(DataTypes.BooleanType);
    }
}
