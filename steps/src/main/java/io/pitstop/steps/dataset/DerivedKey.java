package io.pitstop.steps.dataset;

import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.Contract;
import org.apache.spark.sql.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

/**
 * The value of a column a contract derives with {@code derived: { hash_of: [a, b, …] }}: a key for data
 * without an id column. It is the lowercase hex SHA-256 of the UTF-8 bytes of one string built from the
 * sources' <em>typed</em> values in the order listed: for each value, {@code -} when it is null, else
 * {@code <n>:<text>}, where {@code <text>} is the value's canonical text and {@code <n>} its length in
 * characters. The length prefix makes the encoding unambiguous: ("a,b", "c") and ("a", "b,c") or ("", null)
 * and (null, "") never meet. Canonical text: integers and longs in decimal; doubles in Java's exact
 * hexadecimal form ({@code %a}, e.g. {@code 0x1.8p1} for 3.0; −0 as 0), so no decimal rounding or JDK
 * formatting change can move a key; booleans {@code true}/{@code false}; dates {@code yyyy-MM-dd}; timestamps
 * as microseconds since the epoch (no time zone involved); strings as read.
 *
 * <p>Each row's key depends on that row only, so it is the same in training and scoring, in any row order
 * or partitioning, on any Spark version that computes SHA-256 and these casts.
 */
final class DerivedKey {

    private DerivedKey() {
    }

    /**
     * @param column a derived column of {@code contract}
     * @param typed  the typed value of a (non-derived) source column
     */
    static Column of(ColumnSpec column, Contract contract, Function<ColumnSpec, Column> typed) {
        List<Column> parts = new ArrayList<>();
        for (String name : column.derived().hashOf()) {
            ColumnSpec source = contract.column(name).orElseThrow(() -> new IllegalArgumentException(
                    "derived column " + column.name() + ": no source column " + name + " in " + contract.file()));
            Column value = typed.apply(source);
            Column text = canonicalText(source, value);
            parts.add(when(value.isNull(), lit("-"))
                    .otherwise(concat(length(text).cast("string"), lit(":"), text)));
        }
        return sha2(concat(parts.toArray(Column[]::new)), 256);
    }

    private static Column canonicalText(ColumnSpec source, Column value) {
        return switch (source.type()) {
            case STRING -> value;
            case INTEGER, LONG, BOOLEAN, DATE -> value.cast("string");
            case DOUBLE -> format_string("%a", when(value.equalTo(0.0), lit(0.0)).otherwise(value));
            case TIMESTAMP -> unix_micros(value).cast("string");
        };
    }
}
