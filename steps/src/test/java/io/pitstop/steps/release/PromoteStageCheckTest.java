package io.pitstop.steps.release;

import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.Problem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code release.promote}'s {@code to:} is a registry stage, bound as an enum: a misspelt stage is refused by
 * {@code check} at the value's line and column with the stages it accepts, and archived is no target.
 */
class PromoteStageCheckTest {

    private static final Path REPO = Path.of(System.getProperty("pitstop.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path project;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "to: prod     | one of: staging, production",
            "to: archived | 'to' must be production or staging, not archived",
            "to: 1        | one of: staging, production",
    })
    void aStageThatIsNoPromotionTargetIsRefusedAtItsLine(String bad, String message) throws Exception {
        Files.createDirectories(project.resolve("pipelines"));
        Files.createDirectories(project.resolve("data-contracts"));
        Files.copy(REPO.resolve("data-contracts/telco-churn.yaml"), project.resolve("data-contracts/telco-churn.yaml"));
        Files.createDirectories(project.resolve("data/landing"));
        Files.writeString(project.resolve("data/landing/telco_churn.csv"), "customer_id\n");
        String text = Files.readString(REPO.resolve("pipelines/telco-churn.yaml"));
        assertTrue(text.contains("      to: production\n"), "the demo pipeline still promotes to production");
        Path file = project.resolve("pipelines/telco-churn.yaml");
        Files.writeString(file, text.replace("      to: production\n", "      " + bad + "\n"));

        var e = assertThrows(SpecException.class,
                () -> new PipelineLoader(StepCatalog.fromServiceLoader()).load(file, project));

        List<Problem> problems = e.problems();
        assertEquals(1, problems.size(), problems.toString());
        Problem p = problems.get(0);
        assertTrue(p.message().contains(message), p.message());
        assertEquals(bad, Files.readAllLines(file).get(p.line() - 1).strip(), p.toString());
    }
}
