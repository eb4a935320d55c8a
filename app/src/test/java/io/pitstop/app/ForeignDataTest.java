package io.pitstop.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pitstop on data it was not tuned to: for each public data set (binary, multiclass and regression;
 * missing values, integer codes, column names with spaces and slashes, no id column), a new project
 * goes init -> check -> run with init's files unchanged, and the run must release a model into
 * production and score every row. Real dvc, Spark, Deequ, DL4J and Delta, as in the demo test.
 */
@Tag("foreign-data")
class ForeignDataTest {

    @TempDir
    static Path temp;
    static Path exported;

    @BeforeAll
    static void exportTheDataSets() throws Exception {
        exported = ForeignDataSet.exportAll(temp.resolve("exported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataSets")
    void initsOutputPassesCheckAndRunsToARelease(ForeignDataSet set) throws Exception {
        ForeignProject project = ForeignProject.create(temp.resolve(set.name()), set, exported);

        assertEquals(0, project.init(), project.transcript());
        String pipeline = Files.readString(project.pipeline());
        assertTrue(pipeline.contains("      task: " + set.task() + "\n"), pipeline);
        assertTrue(project.transcript().contains("wrote data-contracts/" + set.name() + ".yaml and pipelines/"
                + set.name() + ".yaml (" + set.rows() + " rows"), project.transcript());

        if (set.file().startsWith("penguins_with_id")) {
            assertTrue(project.transcript().contains("  key       penguin_id\n"), project.transcript());
        }
        assertEquals(0, project.check(), project.transcript());
        assertEquals(0, project.run(), project.transcript() + "\n" + pipeline + "\n" + Files.readString(project.contract()));

        var production = project.production().orElseThrow(() -> new AssertionError("nothing in production\n"
                + project.transcript()));
        assertEquals("1.0.0", production.version());
        assertEquals(set.rows(), project.predictionRows(temp.resolve("reader-" + set.name())));

        // A second init refuses to overwrite what the first wrote.
        assertEquals(2, project.init(), project.transcript());
        assertTrue(project.transcript().contains("init would overwrite [data-contracts/" + set.name() + ".yaml, pipelines/"
                + set.name() + ".yaml]; pass --force"), project.transcript());
    }

    /** Every data set, or those named (file names, comma-separated) by -Dpitstop.foreign-data for a quicker loop. */
    static java.util.List<ForeignDataSet> dataSets() {
        String only = System.getProperty("pitstop.foreign-data", "");
        if (only.isBlank()) return ForeignDataSet.ALL;
        var names = java.util.Set.of(only.split(","));
        return ForeignDataSet.ALL.stream().filter(s -> names.contains(s.file())).toList();
    }
}
