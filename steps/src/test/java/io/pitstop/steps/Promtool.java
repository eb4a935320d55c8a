package io.pitstop.steps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code promtool check metrics}, the check Prometheus users run on an exporter's output, from the
 * promtool bin/setup-tools unpacks (fast when it already did). A missing promtool fails the test. Shared by
 * every step kind that writes a textfile.
 */
public final class Promtool {

    /** promtool's exit code and everything it printed. */
    public record Check(int exit, String output) {
    }

    private static Path binary;

    private Promtool() {
    }

    public static Check checkMetrics(Path file) throws Exception {
        Process p = new ProcessBuilder(binary().toString(), "check", "metrics")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.MINUTES)) throw new IllegalStateException("promtool check metrics did not finish");
        return new Check(p.exitValue(), out);
    }

    private static synchronized Path binary() throws Exception {
        if (binary == null) {
            Path root = Path.of("").toAbsolutePath();
            while (root != null && !Files.isRegularFile(root.resolve("bin/setup-tools"))) root = root.getParent();
            if (root == null) throw new IllegalStateException("no bin/setup-tools above " + Path.of("").toAbsolutePath());
            Process p = new ProcessBuilder(root.resolve("bin/setup-tools").toString()).directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IllegalStateException("bin/setup-tools failed");
            binary = Path.of(dir, "promtool");
            if (!Files.isExecutable(binary)) throw new IllegalStateException("bin/setup-tools left no " + binary);
        }
        return binary;
    }
}
