package io.pitstop.engine.init;

import java.nio.file.Path;

/**
 * A data file {@code init} cannot describe as it is, and why, at its line and column when there is
 * one. The user fixes the file (or an option); nothing was written.
 */
public final class UnusableDataException extends RuntimeException {

    private final Path file;
    private final Long line;
    private final String column;

    /**
     * @param line   1-based line of the file (the header is line 1), or null when no one line is at fault
     * @param column the column at fault, or null
     */
    public UnusableDataException(Path file, Long line, String column, String message) {
        super(file + (line == null ? "" : ":" + line) + ": " + (column == null ? "" : "column '" + column + "': ")
                + message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    public Long line() {
        return line;
    }

    public String column() {
        return column;
    }
}
