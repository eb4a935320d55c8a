package io.pitstop.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away copy of the demo project (its own Git repository with DVC initialised), made by the
 * same bin/demo-project script the benchmarks use, on a sample of the data.
 */
final class DemoProject {

    /** The repository root: the build passes it as pitstop.home (see the parent pom's test JVM flags). */
    static final Path REPO = Path.of(System.getProperty("pitstop.home", "..")).toAbsolutePath().normalize();

    private DemoProject() {
    }

    static Path create(Path dir, int rows) throws IOException, InterruptedException {
        run(REPO, REPO.resolve("bin/demo-project").toString(), dir.toString(), "--rows", Integer.toString(rows));
        return dir;
    }

    static void run(Path cwd, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }

    /** Replaces text in a project file, failing when the text is not there (so a test cannot silently do nothing). */
    static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) throw new IllegalStateException(file + " does not contain: " + from);
        Files.writeString(file, text.replace(from, to));
    }
}
