package io.pitstop.engine.pkg;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The outcome of checking a package directory: fine, or every problem found (sorted by file). */
public record Verification(Path dir, List<PackageProblem> problems) {

    public Verification {
        Objects.requireNonNull(dir, "dir");
        problems = problems.stream().sorted().toList();
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The problems of one file, e.g. to assert on in a test or to print beside the file. */
    public List<PackageProblem> problemsOf(String file) {
        return problems.stream().filter(p -> p.file().equals(file)).toList();
    }
}
