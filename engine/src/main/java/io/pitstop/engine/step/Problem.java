package io.pitstop.engine.step;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem found in a pipeline or contract file, printed as {@code path:line:column: message}.
 * Line and column are 1-based; 0 means unknown.
 */
public record Problem(Path file, int line, int column, String message) implements Comparable<Problem> {

    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    public static Problem at(Location location, String message) {
        return new Problem(location.file(), location.line(), location.column(), message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(Problem o) {
        int c = file.toString().compareTo(o.file.toString());
        if (c != 0) return c;
        c = Integer.compare(line, o.line);
        if (c != 0) return c;
        c = Integer.compare(column, o.column);
        return c != 0 ? c : message.compareTo(o.message);
    }
}
