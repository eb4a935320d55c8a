package io.pitstop.engine.testkit;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The stock tools a user checks Pitstop's open formats with (minisign, promtool), made present by running
 * {@code bin/setup-tools} (fast when they already are). A missing tool fails the test: a format check that
 * silently skips would hide exactly the breakage it is there to catch.
 */
public final class StockTools {

    private static Path promtoolDir;

    private StockTools() {
    }

    /** The repository root: the nearest ancestor of the working directory holding bin/setup-tools. */
    public static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/setup-tools"))) return dir;
        }
        throw new IllegalStateException("no bin/setup-tools above " + Path.of("").toAbsolutePath());
    }

    /** Debian's minisign, on the PATH. */
    public static Path minisign() throws Exception {
        setUp();
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "minisign");
            if (Files.isExecutable(candidate)) return candidate;
        }
        throw new IllegalStateException("bin/setup-tools ran, but no minisign is on the PATH");
    }

    /** promtool, unpacked from Debian's prometheus package into .tools/. */
    public static Path promtool() throws Exception {
        Path binary = setUp().resolve("promtool");
        if (!Files.isExecutable(binary)) throw new IllegalStateException("bin/setup-tools left no " + binary);
        return binary;
    }

    private static synchronized Path setUp() throws Exception {
        if (promtoolDir == null) {
            Path root = repoRoot();
            Process p = new ProcessBuilder(root.resolve("bin/setup-tools").toString())
                    .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("bin/setup-tools failed (exit " + p.exitValue() + "); these tests need minisign and promtool");
            }
            promtoolDir = Path.of(out);
        }
        return promtoolDir;
    }
}
