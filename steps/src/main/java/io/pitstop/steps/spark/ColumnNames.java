package io.pitstop.steps.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Column names as Spark SQL must read them. A CSV header may hold anything ({@code Total Charges},
 * {@code rate.2024}, even a backtick), and Spark reads an unquoted dot as a struct field and fails on a
 * space in an expression, so every name a user chose goes through here: in backticks, with a backtick
 * inside doubled.
 *
 * <pre>
 * quoted("Total.Charges")   // `Total.Charges`
 * quoted("odd`name")        // `odd``name`
 * </pre>
 */
public final class ColumnNames {

    private ColumnNames() {
    }

    /** The name as a quoted identifier, for {@code col(...)}, {@code selectExpr} and SQL text. */
    public static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** The column of that exact name. */
    public static Column column(String name) {
        return functions.col(quoted(name));
    }
}
