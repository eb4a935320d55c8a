package io.pitstop.steps.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the project's venv with the pinned dvc exists before a test runs it, by running
 * bin/setup-python (fast when already done). A missing or broken dvc fails the test: a data-versioning
 * test that silently skips would hide exactly the breakage it is there to catch.
 */
final class PythonTools {

    private static Path dvc;

    private PythonTools() {
    }

    /** The repository root: the nearest ancestor of the working directory holding bin/setup-python. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/setup-python"))) return dir;
        }
        throw new IllegalStateException("no bin/setup-python above " + Path.of("").toAbsolutePath());
    }

    /** The pinned dvc executable, installed on first use. */
    static synchronized Path dvc() throws Exception {
        if (dvc == null) {
            Path root = repoRoot();
            Process p = new ProcessBuilder(root.resolve("bin/setup-python").toString())
                    .directory(root.toFile()).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("bin/setup-python failed; the dvc tests need the project's venv");
            }
            Path binary = root.resolve(".venv/bin/dvc");
            if (!Files.isExecutable(binary)) throw new IllegalStateException("bin/setup-python left no " + binary);
            dvc = binary;
        }
        return dvc;
    }
}
