package io.pitstop.steps.metrics;

import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.List;

import static io.pitstop.steps.spark.ColumnNames.column;

/**
 * A model's output for each row of a labelled data set beside that very row's key, label and slice
 * values — what evaluation and the gate measure a model from. The row's own values travel through
 * the scorer with it (as the one struct column {@link TrainedModel#score} carries through untouched
 * beside the score), so nothing is joined back by key: a duplicated or null key cannot multiply,
 * drop or mismatch rows, and every row of the input is measured exactly once.
 */
final class ScoredInPlace {

    /** Where the carried values sit in each row returned: then the slices, then the model's output. */
    static final int KEY = 0;
    static final int LABEL = 1;
    static final int FIRST_SLICE = 2;

    private ScoredInPlace() {
    }

    /**
     * Scores {@code rows} with {@code model} and collects, per row: the key, the label (both as in the
     * data), each slice column as a string, then the model's {@code output} column
     * ({@link TrainedModel#SCORE_COLUMN} or {@link TrainedModel#PROBABILITIES_COLUMN}). Key, label and
     * slices are named by {@code d} — the challenger's, when the gate scores the champion on the same rows.
     * Sorted by every value, so the same rows come in the same order whatever the key (and sums over them
     * are reproducible to the bit).
     */
    static List<Row> collect(SparkSession spark, TrainedModel model, Dataset<Row> rows, ModelDescriptor d,
                             List<String> slices, String output) {
        var carried = new ArrayList<Column>();
        carried.add(column(d.key()));
        carried.add(column(d.label()));
        slices.forEach(s -> carried.add(column(s).cast("string")));
        for (int i = 0; i < carried.size(); i++) carried.set(i, carried.get(i).as("c" + i));

        String carrier = unusedName(List.of(rows.columns()));
        Dataset<Row> scored = model.score(spark,
                rows.withColumn(carrier, functions.struct(carried.toArray(Column[]::new))), carrier);
        var out = new ArrayList<Column>();
        for (int i = 0; i < carried.size(); i++) out.add(functions.col(carrier).getField("c" + i));
        out.add(functions.col(output));
        var order = out.stream().map(Column::asc_nulls_first).toArray(Column[]::new);
        return scored.select(out.toArray(Column[]::new)).orderBy(order).collectAsList();
    }

    /** A column name the data does not use, for the struct that carries the row's values. */
    private static String unusedName(List<String> taken) {
        String name = "pitstop_carried";
        for (int i = 2; isTaken(taken, name); i++) name = "pitstop_carried_" + i;
        return name;
    }

    /** Spark resolves column names ignoring case by default: so does this. */
    private static boolean isTaken(List<String> taken, String name) {
        return taken.stream().anyMatch(name::equalsIgnoreCase);
    }

}
