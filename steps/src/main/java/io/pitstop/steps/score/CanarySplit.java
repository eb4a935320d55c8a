package io.pitstop.steps.score;

import io.pitstop.steps.model.KeyHashes;
import io.pitstop.steps.spark.ColumnNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.io.Serializable;

/**
 * Which keys a batch canary scores with the challenger: those whose {@link KeyHashes#of key hash}, read as
 * a fraction of 2^64, falls below {@code share}. The arm is a function of the key alone, so a key is in the
 * same arm every night, on every partitioning and in any row order, and it can be recomputed outside Spark
 * (a test does). The same keys are the canary's whichever challenger runs: a customer in the canary arm
 * stays there, rather than being moved between models from one challenger to the next.
 */
public record CanarySplit(double share) implements Serializable {

    public CanarySplit {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("a canary's share is a fraction strictly between 0 and 1, was " + share);
        }
    }

    /** Whether {@code key} goes to the challenger; a null key never does (the prediction checks refuse it). */
    public boolean toChallenger(Object key) {
        return key != null && position(key) < share;
    }

    /** The key's place in [0, 1): the top 53 bits of its hash. */
    static double position(Object key) {
        return (KeyHashes.of(key) >>> 11) * 0x1.0p-53;
    }

    /** True on the rows whose key goes to the challenger. */
    Column challengerRows(String keyColumn) {
        UDF1<Object, Boolean> arm = this::toChallenger;
        return functions.udf(arm, DataTypes.BooleanType).apply(ColumnNames.column(keyColumn));
    }

    /** Whether keys of this type can be split: the types {@link KeyHashes#of} hashes. */
    static boolean splits(DataType keyType) {
        return keyType.equals(DataTypes.StringType) || keyType.equals(DataTypes.LongType)
                || keyType.equals(DataTypes.IntegerType) || keyType.equals(DataTypes.ShortType)
                || keyType.equals(DataTypes.ByteType);
    }
}
