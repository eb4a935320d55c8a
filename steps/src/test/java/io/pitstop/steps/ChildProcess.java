package io.pitstop.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A child process a test waits for with a bound. Its stdout and stderr go to files, never to a pipe read
 * before the wait: a hung child that keeps its pipe open would block {@code readAllBytes()} forever and the
 * timeout would never fire. On timeout the child's descendants are killed first (a browser's renderers, a
 * pytest's workers), then the child, and the test fails with what it printed.
 * <pre>
 * var done = ChildProcess.run(new ProcessBuilder("chromium", ...), Duration.ofMinutes(2), dir);
 * assertEquals(0, done.exitCode(), done.output());
 * </pre>
 */
public final class ChildProcess {

    /** How a child ended: its exit code and what it wrote to stdout and to stderr. */
    public record Finished(int exitCode, String stdout, String stderr) {
        /** Both streams, for a failure message. */
        public String output() {
            return stdout + (stderr.isEmpty() ? "" : "\n--- stderr ---\n" + stderr);
        }
    }

    private ChildProcess() {
    }

    /** Starts the child with stdout and stderr in {@code logDir}, and waits at most {@code timeout} for it. */
    public static Finished run(ProcessBuilder builder, Duration timeout, Path logDir) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path out = Files.createTempFile(logDir, "stdout-", ".txt");
        Path err = Files.createTempFile(logDir, "stderr-", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", builder.command()) + " did not finish within " + timeout
                    + "; killed it and its descendants. It wrote:\n" + read(out) + "\n--- stderr ---\n" + read(err));
        }
        return new Finished(p.exitValue(), read(out), read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
