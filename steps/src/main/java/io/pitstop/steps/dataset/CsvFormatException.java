package io.pitstop.steps.dataset;

import java.io.IOException;

/**
 * A file that is not CSV text Pitstop can read at all: bytes that are not UTF-8, a NUL (a binary file), or a
 * quoted field that is never closed. Names the file, the line and, for a bad byte, its offset from the start
 * of the file (0-based), so the byte can be found with any hex viewer.
 */
public final class CsvFormatException extends IOException {

    private final DataProblem problem;

    public CsvFormatException(DataProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public DataProblem problem() {
        return problem;
    }
}
