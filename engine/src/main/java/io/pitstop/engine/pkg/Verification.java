package io.pitstop.engine.pkg;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of checking a package directory: fine, or every problem found (sorted by file); and the
 * signature scheme it was checked by (null when that could not be told, e.g. no directory).
 */
public record Verification(Path dir, List<PackageProblem> problems, SignatureScheme scheme) {

    public Verification {
        Objects.requireNonNull(dir, "dir");
        problems = problems.stream().sorted().toList();
    }

    public Verification(Path dir, List<PackageProblem> problems) {
        this(dir, problems, null);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The problems of one file, e.g. to assert on in a test or to print beside the file. */
    public List<PackageProblem> problemsOf(String file) {
        return problems.stream().filter(p -> p.file().equals(file)).toList();
    }
}
