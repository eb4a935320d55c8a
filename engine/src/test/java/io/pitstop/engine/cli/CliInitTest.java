package io.pitstop.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code init}'s refusals that need no look at the data: each exits 2 before Spark starts, names what
 * is wrong and writes nothing. (What it writes, and its refusals about the data, are tested with Spark:
 * DatasetDesignTest, SparkDataInspectorTest and the app's ForeignDataTest.)
 */
class CliInitTest {

    @TempDir
    Path project;

    @Test
    void aMissingFileOrADirectoryIsInvalidInput() throws Exception {
        CliResult missing = CliResult.execute("init", "--project", project.toString(), project.resolve("nope.csv").toString(),
                "--label", "y");
        assertEquals(2, missing.exitCode(), missing.transcript());
        assertTrue(missing.err().contains("nope.csv: no such file"), missing.transcript());

        CliResult directory = CliResult.execute("init", "--project", project.toString(), project.toString(), "--label", "y");
        assertEquals(2, directory.exitCode(), directory.transcript());
        assertTrue(directory.err().contains("not a file"), directory.transcript());
        assertFalse(Files.exists(project.resolve("pipelines")));
    }

    @Test
    void aNameThatCannotNameAPipelineIsRefused() throws Exception {
        Path data = Files.writeString(project.resolve("x.csv"), "a,y\n1,p\n");
        CliResult r = CliResult.execute("init", "--project", project.toString(), data.toString(), "--label", "y",
                "--name", "My Model");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("--name 'My Model' must match [a-z0-9][a-z0-9-]*"), r.transcript());
    }

    @Test
    void existingFilesAreNotOverwrittenWithoutForce() throws Exception {
        Path data = Files.writeString(project.resolve("Sales 2026.csv"), "a,y\n1,p\n");
        Files.createDirectories(project.resolve("pipelines"));
        Files.writeString(project.resolve("pipelines/sales-2026.yaml"), "mine\n");
        CliResult r = CliResult.execute("init", "--project", project.toString(), data.toString(), "--label", "y");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("init would overwrite [pipelines/sales-2026.yaml]; pass --force to replace it,"
                + " or --name to write others"), r.transcript());
        assertEquals("mine\n", Files.readString(project.resolve("pipelines/sales-2026.yaml")));
    }

    @Test
    void aDifferentFileAlreadyAtTheLandingPathIsNotOverwrittenEither() throws Exception {
        Path outside = Files.createTempDirectory("pitstop-init-data");
        Path data = Files.writeString(outside.resolve("sales.csv"), "a,y\n1,p\n");
        Files.createDirectories(project.resolve("data/landing"));
        Files.writeString(project.resolve("data/landing/sales.csv"), "a,y\n2,q\n");
        CliResult r = CliResult.execute("init", "--project", project.toString(), data.toString(), "--label", "y");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("init would overwrite [data/landing/sales.csv]"), r.transcript());
    }
}
