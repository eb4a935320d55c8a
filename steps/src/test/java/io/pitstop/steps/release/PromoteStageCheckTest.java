package io.pitstop.steps.release;

import io.pitstop.engine.step.Problem;
import io.pitstop.steps.DemoPipeline;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code release.promote}'s {@code to:} is a registry stage, bound as an enum: a misspelt stage is refused by
 * {@code check} at the value's line and column with the stages it accepts, and archived is no target.
 */
class PromoteStageCheckTest {

    @TempDir
    Path project;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "to: prod     | one of: staging, production",
            "to: archived | 'to' must be production or staging, not archived",
            "to: 1        | one of: staging, production",
    })
    void aStageThatIsNoPromotionTargetIsRefusedAtItsLine(String bad, String message) throws Exception {
        List<Problem> problems = DemoPipeline.problemsWithReplaced(project, "      to: production\n", "      " + bad + "\n");

        assertEquals(1, problems.size(), problems.toString());
        Problem p = problems.get(0);
        assertTrue(p.message().contains(message), p.message());
        assertEquals(bad, Files.readAllLines(project.resolve("pipelines/telco-churn.yaml")).get(p.line() - 1).strip(),
                p.toString());
    }
}
