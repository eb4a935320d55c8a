package io.pitstop.engine.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A working directory under target/ for tests that write files. (The build points java.io.tmpdir
 * at target/tmp, which nothing creates, so JUnit's @TempDir cannot be relied on here.)
 */
public final class Scratch {

    private Scratch() {
    }

    public static Path dir(String name) {
        try {
            return Files.createDirectories(Path.of("target", "test-work", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
