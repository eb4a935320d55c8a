package io.pitstop.engine.init;

import java.nio.file.Path;

/**
 * Measures a CSV file for {@code init}: each column's type as Pitstop's reader will parse it, its
 * missing values, distinct values and range, and Deequ's constraint suggestions. The engine keeps
 * Spark and Deequ off its classpath, so the implementation comes from the steps module as a
 * {@link io.pitstop.engine.step.SharedResource} of this type.
 */
public interface DataInspector {

    /**
     * @param label the column the model will predict: its rows must all have a value, and rows are
     *              compared without it when looking for repeats
     * @throws UnusableDataException when the file cannot become a dataset (no rows, a duplicated
     *                               header name, a numeric column holding missing-value markers, an
     *                               empty label...), naming the file, line and column
     */
    DataSketch inspect(Path csv, String label);
}
