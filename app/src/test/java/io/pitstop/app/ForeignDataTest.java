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

    /** The figures each data set's run measured, one table row per data set, for docs/your-own-data.md to quote. */
    static final Path RESULTS = Path.of("target", "foreign-data-results.md");

    @BeforeAll
    static void exportTheDataSets() throws Exception {
        exported = ForeignDataSet.exportAll(temp.resolve("exported"));
        Files.createDirectories(RESULTS.getParent());
        Files.writeString(RESULTS, "| data set | rows | task | test metrics | largest PSI, training input vs its own profile |\n"
                + "|---|---:|---|---|---:|\n");
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

        var figures = project.lastRunFigures();
        // The training input scored against the profile made from it: no drift beyond rounding.
        assertTrue(figures.trainingPsi() < 0.01, "PSI of the training input against its own profile: " + figures);
        Files.writeString(RESULTS, String.format(java.util.Locale.ROOT, "| %s | %d | %s | %s | %.4f |%n", set.file(),
                set.rows(), set.task(), headline(set.task(), figures.testMetrics()), figures.trainingPsi()),
                java.nio.file.StandardOpenOption.APPEND);

        scoresNewUnlabelledRowsInEveryBatchSizeAndMode(project, set.rows());

        // A second init refuses to overwrite what the first wrote.
        assertEquals(2, project.init(), project.transcript());
        assertTrue(project.transcript().contains("init would overwrite [data-contracts/" + set.name() + ".yaml, pipelines/"
                + set.name() + ".yaml]; pass --force"), project.transcript());
    }

    /**
     * The product: new customers, no label, any number of rows, into a table that keeps what it had.
     * One row merged (its score equals the labelled run's: the label plays no part), ten appended, the
     * whole set merged (one row per key again... plus the appended copies, all rescored), the whole set
     * appended.
     */
    private static void scoresNewUnlabelledRowsInEveryBatchSizeAndMode(ForeignProject project, long n) throws Exception {
        Path scratch = temp.resolve("reader-" + project.set.name());
        var before = byKey(project.predictions(scratch));
        assertEquals(n, before.size(), "the pipeline's run scored one row per key");

        assertEquals(0, project.score(project.unlabelled("one.csv", 0, 1), "merge"), project.transcript());
        var afterOne = project.predictions(scratch);
        assertEquals(n, afterOne.size(), "merging one known key adds no row");
        var one = afterOne.stream().filter(r -> !r.getString(2).equals(before.values().iterator().next().getString(2)))
                .toList();
        assertEquals(1, one.size(), "exactly one row rescored: " + one);
        // Same model, same features: the same score, up to float32 rounding (a batch of one row takes another
        // BLAS path than a batch of hundreds; a regression value of 220 differs in the 7th digit).
        double labelled = before.get(one.get(0).getString(0)).getDouble(1);
        assertEquals(labelled, one.get(0).getDouble(1), 1e-6 * Math.max(1, Math.abs(labelled)),
                "unlabelled, the same row gets the same score");

        assertEquals(0, project.score(project.unlabelled("ten.csv", 1, 10), "append"), project.transcript());
        assertEquals(n + 10, project.predictions(scratch).size(), "ten rows appended");

        assertEquals(0, project.score(project.unlabelled("all.csv", 0, (int) n), "merge"), project.transcript());
        var merged = project.predictions(scratch);
        assertEquals(n + 10, merged.size(), "merge adds no row for a known key");
        assertEquals(n, merged.stream().map(r -> r.getString(0)).distinct().count());
        assertEquals(1, merged.stream().map(r -> r.getString(2)).distinct().count(), "every row has the merge's run");

        assertEquals(0, project.score(project.unlabelled("all.csv", 0, (int) n), "append"), project.transcript());
        assertEquals(2 * n + 10, project.predictions(scratch).size(), "the whole set appended");
    }

    private static String headline(String task, java.util.Map<String, Double> m) {
        java.util.List<String> names = switch (task) {
            case "binary" -> java.util.List.of("auc", "f1", "rows");
            case "multiclass" -> java.util.List.of("accuracy", "majority_rate", "rows");
            default -> java.util.List.of("r2", "rmse", "baseline_rmse", "rows");
        };
        var parts = new java.util.ArrayList<String>();
        for (String n : names) {
            if (m.containsKey(n)) parts.add(n + " " + (n.equals("rows") ? String.valueOf(m.get(n).longValue())
                    : String.format(java.util.Locale.ROOT, "%.3f", m.get(n))));
        }
        return String.join(", ", parts);
    }

    private static java.util.Map<String, org.apache.spark.sql.Row> byKey(java.util.List<org.apache.spark.sql.Row> rows) {
        var out = new java.util.HashMap<String, org.apache.spark.sql.Row>();
        for (var r : rows) if (out.put(r.getString(0), r) != null) throw new AssertionError("key twice: " + r);
        return out;
    }

    /** Every data set, or those named (file names, comma-separated) by -Dpitstop.foreign-data for a quicker loop. */
    static java.util.List<ForeignDataSet> dataSets() {
        String only = System.getProperty("pitstop.foreign-data", "");
        if (only.isBlank()) return ForeignDataSet.ALL;
        var names = java.util.Set.of(only.split(","));
        return ForeignDataSet.ALL.stream().filter(s -> names.contains(s.file())).toList();
    }
}
