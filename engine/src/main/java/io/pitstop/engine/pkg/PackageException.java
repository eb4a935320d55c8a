package io.pitstop.engine.pkg;

import java.nio.file.Path;
import java.util.List;

/**
 * A package that cannot be used or written as asked: it failed verification, or the staging
 * directory does not make a valid package. Names the directory and lists every problem.
 */
public class PackageException extends RuntimeException {

    private final Path dir;
    private final List<PackageProblem> problems;

    public PackageException(String summary, Path dir, List<PackageProblem> problems) {
        super(describe(summary, problems));
        this.dir = dir;
        this.problems = List.copyOf(problems);
    }

    public PackageException(String summary, Path dir, Throwable cause) {
        super(summary + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        this.dir = dir;
        this.problems = List.of();
    }

    public Path dir() {
        return dir;
    }

    public List<PackageProblem> problems() {
        return problems;
    }

    private static String describe(String summary, List<PackageProblem> problems) {
        StringBuilder out = new StringBuilder(summary);
        for (PackageProblem p : problems) out.append("\n  - ").append(p);
        return out.toString();
    }
}
