package io.pitstop.engine.cli;

import io.pitstop.engine.example.RowCountStep;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.spec.StepCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worked example of docs/architecture.md, "Write a new step kind": {@link RowCountStep}, registered
 * through {@code META-INF/services} as the shipped kinds are, checked and run through {@code ./pitstop}'s
 * own entry point and the real runner. {@code ArchitectureDocTest} holds the page's code blocks to the
 * marked regions of this file and of the step's.
 */
class NewStepKindTest {

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
        Files.createDirectories(dir.resolve("data"));
    }

    @Test
    void theKindIsFoundWhereTheEngineLooksForKinds() {
        var found = StepCatalog.fromServiceLoader().find("example.row_count").orElseThrow();
        assertInstanceOf(RowCountStep.class, found);
    }

    // docs:begin step-kind-test
    /** A pipeline of one step of the new kind, counting the rows of the file it is given. */
    static final String PIPELINE = """
            pipeline: rows
            model: { name: m }
            steps:
              - id: count
                uses: example.row_count
                with: { input: %s }
            """;

    @Test
    void runsInAPipelineAndIsCachedUntilItsFileChanges() throws Exception {
        Files.writeString(dir.resolve("data/customers.csv"), "id,plan\n1,basic\n2,pro\n3,basic\n");
        String pipeline = project.pipeline("rows.yaml", PIPELINE.formatted("data/customers.csv"));

        CliResult first = project.cli("run", pipeline);
        assertEquals(RunOutcome.EXIT_OK, first.exitCode(), first.transcript());
        assertTrue(first.out().contains("3 rows in data/customers.csv"), first.transcript());
        assertEquals(List.of("3"), countsWritten());

        CliResult again = project.cli("run", pipeline);
        assertTrue(again.out().contains("cached  count  inputs unchanged since run"), again.transcript());

        Files.writeString(dir.resolve("data/customers.csv"), "4,pro\n", java.nio.file.StandardOpenOption.APPEND);
        CliResult changed = project.cli("run", pipeline);
        assertTrue(changed.out().contains("4 rows in data/customers.csv"), changed.transcript());
    }
    // docs:end

    @Test
    void checkNamesTheLineOfAMissingInputAndNothingRuns() throws Exception {
        String pipeline = project.pipeline("rows.yaml", PIPELINE.formatted("data/nowhere.csv"));
        CliResult check = project.cli("check", pipeline);
        assertEquals(RunOutcome.EXIT_INVALID, check.exitCode(), check.transcript());
        assertTrue(check.err().contains("rows.yaml:6:") && check.err().contains("no file data/nowhere.csv"),
                check.transcript());

        CliResult run = project.cli("run", pipeline);
        assertEquals(RunOutcome.EXIT_INVALID, run.exitCode(), run.transcript());
        assertEquals(List.of(), countsWritten(), "nothing ran");
    }

    @Test
    void aHeaderWithoutRowsFailsTheRunAsAnOutcome() throws Exception {
        Files.writeString(dir.resolve("data/customers.csv"), "id,plan\n");
        String pipeline = project.pipeline("rows.yaml", PIPELINE.formatted("data/customers.csv"));
        CliResult run = project.cli("run", pipeline);
        assertEquals(RunOutcome.EXIT_FAILED, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("has a header and no rows"), run.transcript());
    }

    /** The counts the step's executions wrote, one per execution, in the artifact directories. */
    private List<String> countsWritten() throws Exception {
        Path artifacts = dir.resolve(".pitstop/artifacts");
        if (!Files.isDirectory(artifacts)) return List.of();
        try (var files = Files.walk(artifacts)) {
            return files.filter(f -> f.getFileName().toString().equals("rows.txt")).map(f -> {
                try {
                    return Files.readString(f).strip();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
