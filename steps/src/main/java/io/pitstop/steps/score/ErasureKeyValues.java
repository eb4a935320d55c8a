package io.pitstop.steps.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.predictions.ErasureRefusedException;
import io.pitstop.steps.spark.ColumnNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The keys of an erasure as values of the key column's own type. Keys arrive as text (a command line,
 * a file); matched as text against a number column, {@code 42} would miss a key stored as {@code 42}
 * once Spark renders it differently ({@code 42.0} in a double column), and a typo would silently match
 * nothing. So a number column gets numbers: each key is parsed exactly (an integer column takes no
 * fraction, a decimal column no more digits than its scale), and a key that is not such a number is
 * refused, naming the column, before anything is written. Text columns compare text; columns of other
 * types (dates, booleans) compare their text form, as Spark casts them.
 *
 * @param text whether keys are compared as text (the column cast to a string); otherwise {@code values} are typed
 */
record ErasureKeyValues(String column, DataType type, List<Object> values, boolean text) {

    /** Delta truncates a string statistic to its first 32 characters. */
    private static final int STRING_STATS_PREFIX = 32;

    ErasureKeyValues {
        values = List.copyOf(values);
    }

    static ErasureKeyValues of(String table, StructField field, Set<String> keys) {
        DataType type = field.dataType();
        if (type.equals(DataTypes.StringType)) return new ErasureKeyValues(field.name(), type, List.copyOf(keys), true);
        if (!isNumber(type)) return new ErasureKeyValues(field.name(), type, List.copyOf(keys), true);
        List<Object> values = new ArrayList<>();
        for (String key : keys.stream().sorted().toList()) values.add(number(table, field, key));
        return new ErasureKeyValues(field.name(), type, values, false);
    }

    private static boolean isNumber(DataType type) {
        return type.equals(DataTypes.ByteType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.IntegerType)
                || type.equals(DataTypes.LongType) || type.equals(DataTypes.FloatType) || type.equals(DataTypes.DoubleType)
                || type instanceof DecimalType;
    }

    private static Object number(String table, StructField field, String key) {
        BigDecimal n;
        try {
            n = new BigDecimal(key.trim());
        } catch (NumberFormatException e) {
            throw refused(table, field, key, "is not a number");
        }
        DataType type = field.dataType();
        try {
            if (type.equals(DataTypes.ByteType)) return n.byteValueExact();
            if (type.equals(DataTypes.ShortType)) return n.shortValueExact();
            if (type.equals(DataTypes.IntegerType)) return n.intValueExact();
            if (type.equals(DataTypes.LongType)) return n.longValueExact();
        } catch (ArithmeticException e) {
            throw refused(table, field, key, "is not a whole number in the column's range");
        }
        if (type.equals(DataTypes.FloatType)) return n.floatValue();
        if (type.equals(DataTypes.DoubleType)) return n.doubleValue();
        DecimalType d = (DecimalType) type;
        try {
            BigDecimal exact = n.setScale(d.scale(), java.math.RoundingMode.UNNECESSARY);
            if (exact.precision() > d.precision()) throw new ArithmeticException("precision");
            return exact;
        } catch (ArithmeticException e) {
            throw refused(table, field, key, "does not fit " + d.simpleString() + " exactly");
        }
    }

    private static ErasureRefusedException refused(String table, StructField field, String key, String why) {
        return new ErasureRefusedException("the key column '" + field.name() + "' of " + table + " holds "
                + field.dataType().simpleString() + " values, and the key '" + key + "' " + why + "; nothing erased");
    }

    /** The rows of the table holding a key. */
    Column match(Column column) {
        return (text ? column.cast("string") : column).isin(values.toArray());
    }

    /** The keys as a one-column table of the column's type, the source of the erasure's MERGE. */
    Dataset<Row> source(SparkSession spark, String name) {
        List<Row> rows = values.stream().map(RowFactory::create).toList();
        return spark.createDataFrame(rows, new StructType().add(name, text ? DataTypes.StringType : type));
    }

    /** The MERGE's join condition between the table ({@code t}) and {@link #source} ({@code s}). */
    Column joins(String sourceColumn) {
        Column t = org.apache.spark.sql.functions.col("t." + ColumnNames.quoted(column));
        Column s = org.apache.spark.sql.functions.col("s." + ColumnNames.quoted(sourceColumn));
        return (text ? t.cast("string") : t).equalTo(s);
    }

    /**
     * Whether a statistic in the Delta log (a file's minimum or maximum of this column, as JSON) is a key:
     * numbers compared as numbers, text as text, where Delta's truncation of long strings to a 32-character
     * prefix counts as naming every key with that prefix.
     */
    boolean names(JsonNode statistic) {
        if (statistic == null || statistic.isNull()) return false;
        if (!text) {
            if (!statistic.isNumber() && !statistic.isTextual()) return false;
            BigDecimal stat;
            try {
                stat = new BigDecimal(statistic.asText());
            } catch (NumberFormatException e) {
                return false;
            }
            return values.stream().anyMatch(v -> new BigDecimal(v.toString()).compareTo(stat) == 0);
        }
        String stat = statistic.asText();
        return values.stream().map(Object::toString).anyMatch(k -> k.equals(stat)
                || (k.length() > STRING_STATS_PREFIX && stat.length() >= STRING_STATS_PREFIX
                && k.startsWith(stat.substring(0, STRING_STATS_PREFIX))));
    }
}
