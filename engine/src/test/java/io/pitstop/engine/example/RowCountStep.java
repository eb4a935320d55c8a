package io.pitstop.engine.example;

import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.ValidationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

// docs:begin step-kind
/**
 * {@code example.row_count}: counts the data rows of a CSV file in the project (its non-blank lines
 * after the header; a quoted field holding a line break would count twice, which is fine for an
 * example) and writes the count to {@code rows.txt}, its {@code row_count} output.
 */
public final class RowCountStep implements Step<RowCountStep.Params> {

    /** The step's {@code with:} block, bound strictly: an unknown key is a {@code check} error. */
    public record Params(String input) {
        public Params {
            if (input == null || input.isBlank()) {
                throw new IllegalArgumentException("'input' is required: the CSV file whose rows to count");
            }
        }
    }

    public static final String ROW_COUNT = "row_count";

    @Override
    public String kind() {
        return "example.row_count";
    }

    @Override
    public String description() {
        return "Counts the data rows of a CSV file (an example step kind).";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Set<String> produces(Params params) {
        return Set.of(ROW_COUNT);
    }

    /** Runs at {@code check} time, before anything runs: collect problems, do not throw. */
    @Override
    public List<Problem> validate(Params params, ValidationContext ctx) {
        List<Problem> problems = new ArrayList<>();
        ctx.pathProblem("/input", params.input()).ifPresent(problems::add);
        if (problems.isEmpty() && !Files.isRegularFile(ctx.resolve(params.input()))) {
            problems.add(ctx.problemAt("/input", "input: no file " + params.input() + " in the project"));
        }
        return problems;
    }

    /** The file is read as it is, so the run's lineage is dirty while Git does not hold it. */
    @Override
    public Set<String> filesRead(Params params) {
        return Set.of(params.input());
    }

    /** Part of the cache key: the step runs again when the file's bytes change, not otherwise. */
    @Override
    public Map<String, String> externalInputs(Params params, StepContext ctx) throws IOException {
        return Map.of("input_sha256", Sha256.of(ctx.resolve(params.input())));
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws IOException {
        Path input = ctx.resolve(params.input());
        long rows;
        try (var lines = Files.lines(input)) {
            rows = Math.max(0, lines.filter(line -> !line.isBlank()).count() - 1);
        }
        if (rows == 0) {
            // Bad data is an outcome, not an exception: the run fails here and can be resumed.
            return StepResult.failed(params.input() + " has a header and no rows").build();
        }
        Path out = ctx.outputDir().resolve("rows.txt");
        Files.writeString(out, rows + "\n");
        return StepResult.succeeded()
                .message(rows + " rows in " + params.input())
                .output(ROW_COUNT, out)
                .metric("rows", rows)
                .build();
    }
}
// docs:end
