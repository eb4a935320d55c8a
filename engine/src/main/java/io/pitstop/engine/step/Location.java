package io.pitstop.engine.step;

import java.nio.file.Path;

/** A place in a YAML file; line and column are 1-based. */
public record Location(Path file, int line, int column) {

    public static Location startOf(Path file) {
        return new Location(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
