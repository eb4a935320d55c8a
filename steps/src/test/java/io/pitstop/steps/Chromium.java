package io.pitstop.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium (Debian's {@code chromium}, which bin/setup-tools installs when it is missing):
 * renders a page as a person's browser would and returns the DOM it built, or writes a screenshot. Each call
 * gets a profile directory of its own, so two tests never share one. A missing or failing browser fails the
 * test.
 */
public final class Chromium {

    private static boolean setUp;

    private Chromium() {
    }

    /** The DOM after the page was parsed and laid out ({@code --dump-dom}). */
    public static String dumpDom(Path page) throws Exception {
        return run(page, "--dump-dom");
    }

    /** A PNG of the page's first {@code height} pixels at {@code width}. */
    public static void screenshot(Path page, Path png, int width, int height) throws Exception {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars");
        if (!Files.isRegularFile(png) || Files.size(png) == 0) throw new IllegalStateException("chromium wrote no " + png);
    }

    private static String run(Path page, String... args) throws Exception {
        ensureInstalled();
        Path profile = Files.createTempDirectory("pitstop-chromium");
        try {
            var command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile));
            command.addAll(List.of(args));
            command.add(page.toAbsolutePath().toUri().toString());
            // Output to files and a bounded wait: a hung chromium fails the test, its renderers killed with it.
            var done = ChildProcess.run(new ProcessBuilder(command), Duration.ofMinutes(2), profile.resolve("logs"));
            if (done.exitCode() != 0) {
                throw new IllegalStateException("chromium exited " + done.exitCode() + " on " + page + ":\n" + done.output());
            }
            return done.stdout();
        } finally {
            io.pitstop.engine.pkg.FileTree.delete(profile);
        }
    }

    private static synchronized void ensureInstalled() throws Exception {
        if (setUp) return;
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("bin/setup-tools"))) root = root.getParent();
        if (root == null) throw new IllegalStateException("no bin/setup-tools above " + Path.of("").toAbsolutePath());
        Process p = new ProcessBuilder(root.resolve("bin/setup-tools").toString()).directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IllegalStateException("bin/setup-tools failed");
        setUp = true;
    }
}
