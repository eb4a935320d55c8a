package io.pitstop.steps;

import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.Problem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped demo pipeline ({@code pipelines/telco-churn.yaml}) with one line changed, in a project of its
 * own, checked by the loader {@code ./pitstop check} uses: how a test pins what a user's edit is told.
 */
public final class DemoPipeline {

    private static final Path REPO = Path.of(System.getProperty("pitstop.home", "..")).toAbsolutePath().normalize();

    private DemoPipeline() {
    }

    /** Writes the demo project into {@code project} with {@code good} replaced by {@code bad}; returns the pipeline. */
    public static Path withReplaced(Path project, String good, String bad) throws Exception {
        Files.createDirectories(project.resolve("pipelines"));
        Files.createDirectories(project.resolve("data-contracts"));
        Files.copy(REPO.resolve("data-contracts/telco-churn.yaml"), project.resolve("data-contracts/telco-churn.yaml"));
        // check only asks that the landing file exists
        Files.createDirectories(project.resolve("data/landing"));
        Files.writeString(project.resolve("data/landing/telco_churn.csv"), "customer_id\n");
        String text = Files.readString(REPO.resolve("pipelines/telco-churn.yaml"));
        assertTrue(text.contains(good), "the demo pipeline still has '" + good + "'");
        Path file = project.resolve("pipelines/telco-churn.yaml");
        Files.writeString(file, text.replace(good, bad));
        return file;
    }

    /** The problems {@code check} reports for the edited pipeline, which it must refuse. */
    public static List<Problem> problemsWithReplaced(Path project, String good, String bad) throws Exception {
        Path file = withReplaced(project, good, bad);
        return assertThrows(SpecException.class,
                () -> new PipelineLoader(StepCatalog.fromServiceLoader()).load(file, project)).problems();
    }
}
