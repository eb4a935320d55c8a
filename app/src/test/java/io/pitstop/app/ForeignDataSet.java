package io.pitstop.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A public data set Pitstop was not tuned to, as a CSV file made at test time: the ones
 * python/export_datasets.py writes from packages bin/setup-datasets pins (none has an id column),
 * and a sample of the demo's Telco data (which has one).
 *
 * @param label the column to predict; {@code task} is what init must infer from it
 */
record ForeignDataSet(String file, String label, String task, long rows) {

    static final ForeignDataSet BREAST_CANCER = new ForeignDataSet("breast_cancer.csv", "diagnosis", "binary", 569);
    static final ForeignDataSet WINE = new ForeignDataSet("wine.csv", "cultivar", "multiclass", 178);
    static final ForeignDataSet DIABETES = new ForeignDataSet("diabetes.csv", "progression", "regression", 442);
    static final ForeignDataSet PENGUINS = new ForeignDataSet("penguins.csv", "species", "multiclass", 344);
    static final ForeignDataSet TELCO_SAMPLE = new ForeignDataSet("telco_churn.csv", "churn", "binary", 1000);
    /**
     * The penguins with an id column added in front ({@code penguin_id}: P1, P2...): its empty values
     * go through every step with a key of the file's own, whether or not derived keys are supported.
     */
    static final ForeignDataSet PENGUINS_WITH_ID = new ForeignDataSet("penguins_with_id.csv", "species", "multiclass", 344);

    static final List<ForeignDataSet> ALL = List.of(BREAST_CANCER, WINE, DIABETES, PENGUINS, TELCO_SAMPLE, PENGUINS_WITH_ID);

    /** The pipeline, model and file name init derives from the file's name. */
    String name() {
        return file.replaceFirst("\\.csv$", "").replace('_', '-');
    }

    /** Writes every data set's CSV into {@code dir} (installing the pinned packages on first use). */
    static Path exportAll(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        DemoProject.run(DemoProject.REPO, DemoProject.REPO.resolve("bin/setup-datasets").toString());
        DemoProject.run(DemoProject.REPO, DemoProject.REPO.resolve(".venv/bin/python").toString(),
                DemoProject.REPO.resolve("python/export_datasets.py").toString(), dir.toString());
        List<String> telco = Files.readAllLines(DemoProject.REPO.resolve("data/landing/telco_churn.csv"));
        Files.write(dir.resolve(TELCO_SAMPLE.file), telco.subList(0, (int) TELCO_SAMPLE.rows + 1));
        List<String> penguins = Files.readAllLines(dir.resolve(PENGUINS.file));
        var withId = new java.util.ArrayList<String>();
        for (int i = 0; i < penguins.size(); i++) withId.add((i == 0 ? "penguin_id" : "P" + i) + "," + penguins.get(i));
        Files.write(dir.resolve(PENGUINS_WITH_ID.file), withId);
        return dir;
    }

    @Override
    public String toString() {
        return file + " (" + label + ", " + task + ")";
    }
}
