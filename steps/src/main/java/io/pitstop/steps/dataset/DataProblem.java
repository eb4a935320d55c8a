package io.pitstop.steps.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a data file before any check runs: a column missing from the header, a column
 * the contract does not declare, or a value that does not parse as its declared type.
 *
 * @param file    the data file
 * @param line    1-based line in the file (1 is the header); 0 when the problem is not about one line
 * @param column  the column concerned, or null for a whole malformed line
 * @param message what was found and what was expected
 */
public record DataProblem(Path file, long line, String column, String message) {

    public DataProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (column == null ? "" : "column " + column + ": ") + message;
    }
}
