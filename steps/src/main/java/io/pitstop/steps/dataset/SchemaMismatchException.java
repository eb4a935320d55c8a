package io.pitstop.steps.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A data file that does not have its contract's shape: missing or extra columns, rows whose fields do not
 * line up with the header, no rows at all, or values that do not parse as their declared types. Carries every problem found (up to a reporting limit), each
 * naming the column and, for values, the line; {@link #total()} counts all of them.
 */
public final class SchemaMismatchException extends Exception {

    private final Path file;
    private final List<DataProblem> problems;
    private final long total;

    public SchemaMismatchException(Path file, List<DataProblem> problems, long total) {
        this(file, "does not match its contract", problems, total);
    }

    /** @param headline what is wrong with the file as a whole, e.g. "has no rows" */
    public SchemaMismatchException(Path file, String headline, List<DataProblem> problems, long total) {
        super(describe(file, headline, problems, total));
        if (problems.isEmpty()) throw new IllegalArgumentException("a schema mismatch needs at least one problem");
        this.file = file;
        this.problems = List.copyOf(problems);
        this.total = Math.max(total, problems.size());
    }

    public Path file() {
        return file;
    }

    public List<DataProblem> problems() {
        return problems;
    }

    /** How many problems there were in all; {@link #problems()} may list only the first ones. */
    public long total() {
        return total;
    }

    private static String describe(Path file, String headline, List<DataProblem> problems, long total) {
        String listed = problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
        long more = total - problems.size();
        return file + " " + headline + ":\n" + listed + (more > 0 ? "\n  … and " + more + " more" : "");
    }
}
