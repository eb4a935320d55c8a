package io.pitstop.steps.data;

import io.pitstop.engine.cli.PitstopCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pitstop score} with an input that is not there or is a directory: exit 2 before anything runs, so
 * no run is recorded and there is no resume hint (a scheduler must not retry a wrong call).
 */
class ScoreInputPathTest {

    @TempDir
    Path project;

    private record Outcome(int code, String err) {
    }

    private Outcome score(String... extra) throws Exception {
        Files.createDirectories(project.resolve("pipelines"));
        Files.writeString(project.resolve("pipelines/scoring.yaml"), """
                pipeline: scoring
                model: { name: churn, owner: analytics }
                steps:
                  - id: score
                    uses: score.batch
                    with: { input: data/new-customers.csv, table: tables/predictions }
                """);
        String[] args = new String[4 + extra.length];
        args[0] = "score";
        args[1] = "--project";
        args[2] = project.toString();
        args[3] = "pipelines/scoring.yaml";
        System.arraycopy(extra, 0, args, 4, extra.length);
        var err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(PitstopCli.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(previous);
        }
    }

    @Test
    void aMissingInputIsACallErrorAndNoRunIsRecorded() throws Exception {
        Outcome given = score("--input", "data/typo.csv");
        Outcome declared = score();

        assertEquals(2, given.code(), given.err());
        assertTrue(given.err().contains("--input data/typo.csv: no such file (resolved to "
                + project.resolve("data/typo.csv") + ")"), given.err());
        assertEquals(2, declared.code(), declared.err());
        assertTrue(declared.err().contains("the input data/new-customers.csv of step 'score': no such file"), declared.err());
        for (Outcome o : new Outcome[]{given, declared}) assertFalse(o.err().contains("resume"), o.err());
        assertFalse(Files.exists(project.resolve(".pitstop")), "no run store was opened, so no run was recorded");
    }

    @Test
    void aDirectoryAsInputIsACallError() throws Exception {
        Files.createDirectories(project.resolve("data/batches"));

        Outcome o = score("--input", "data/batches");

        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--input data/batches is a directory (" + project.resolve("data/batches")
                + "); expected a CSV file"), o.err());
        assertFalse(o.err().contains("cannot hash"), o.err());
        assertFalse(Files.exists(project.resolve(".pitstop")));
    }

    @Test
    void anInputOutsideTheProjectIsRefusedLikeOneInThePipelineFile() throws Exception {
        Outcome climbing = score("--input", "../outside.csv");
        Outcome absolute = score("--input", "/etc/passwd");

        assertEquals(2, climbing.code(), climbing.err());
        assertTrue(climbing.err().contains("--input '../outside.csv' climbs out of the project"), climbing.err());
        assertEquals(2, absolute.code(), absolute.err());
        assertTrue(absolute.err().contains("--input '/etc/passwd' is an absolute path outside the project"), absolute.err());
        assertFalse(absolute.err().contains("root:"), "no file content is echoed");
        assertFalse(Files.exists(project.resolve(".pitstop")));
    }
}
