package io.pitstop.steps.check;

import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static io.pitstop.steps.check.CheckAgainstTheContractTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fairness declarations of the demo pipeline (protected columns in the evaluate step, limits in the
 * gate), declared wrongly, each refused by {@code check} at its own line before anything runs.
 */
class FairnessCheckTest {

    @TempDir
    Path dir;

    static final String P = DemoCopy.PIPELINE;

    @Test
    void theDemosFairnessDeclarationsPassCheck() throws Exception {
        new PipelineLoader(StepCatalog.fromServiceLoader()).load(DemoCopy.into(dir).pipeline(), dir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "protected column not in the contract | protected_columns: [female, senior_citizen]"
                    + " | protected_columns: [gender, senior_citizen] | protected_columns: [gender"
                    + " | protected column 'gender' is not a column of the contract",
            "gap limit outside [0, 1] | max_equal_opportunity_difference: | max_equal_opportunity_difference: 1.5 #"
                    + " | max_equal_opportunity_difference: 1.5"
                    + " | fairness.max_equal_opportunity_difference is 1.5, outside the range of a difference of rates [0, 1]",
            "negative gap limit | max_demographic_parity_difference: | max_demographic_parity_difference: -0.1 #"
                    + " | max_demographic_parity_difference: -0.1"
                    + " | fairness.max_demographic_parity_difference is -0.1, outside the range",
            "group metric by another tool's name | max_group_regression: { tpr: 0.2 } | max_group_regression: { recall: 0.1 }"
                    + " | { recall: 0.1 } | fairness.max_group_regression: 'recall' is not a metric evaluation writes per group"
                    + " for task binary (did you mean 'tpr'?)",
            "group allowance wider than the range | max_group_regression: { tpr: 0.2 } | max_group_regression: { tpr: 1.5 }"
                    + " | { tpr: 1.5 } | fairness.max_group_regression.tpr is 1.5, wider than the whole range of tpr [0, 1]",
            "too few groups to compare | min_group_rows: 100 | max_groups: 1 | max_groups: 1"
                    + " | fairness.max_groups must be >= 2 (a gap compares groups), was 1",
    })
    void aBadFairnessDeclarationIsReportedOnItsLine(String name, String demo, String bad, String badLine, String message)
            throws Exception {
        DemoCopy demoCopy = DemoCopy.into(dir).edit(P, demo, bad);
        List<Problem> problems = problems(demoCopy);
        assertEquals(1, problems.size(), name + ": " + problems);
        Problem p = problems.get(0);
        assertTrue(p.message().contains(message), name + ": " + p.message());
        assertEquals(demoCopy.lineOf(P, badLine), p.line(), name + ": " + p);
    }

    @Test
    void fairnessLimitsNeedProtectedColumnsMeasuredUpstream() throws Exception {
        DemoCopy demo = DemoCopy.into(dir).editStep("evaluate",
                "      fairness:\n        protected_columns: [female, senior_citizen]\n        min_group_rows: 100", "");
        List<Problem> problems = problems(demo);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("the gate has fairness limits but the evaluation upstream declares"
                + " no protected columns (add fairness: { protected_columns: [...] } to the evaluate step)"), problems.toString());
        // At the fairness block itself, which begins on its first limit.
        assertEquals(demo.lineOf(P, "max_demographic_parity_difference"), problems.get(0).line(), problems.toString());
    }

    @Test
    void gapsAreABinaryClassifiersAndAMulticlassGateIsToldWhatItCanLimit() throws Exception {
        DemoCopy demo = DemoCopy.into(dir)
                .edit(P, "      label: churn\n      positive: \"Yes\"\n",
                        "      task: multiclass\n      label: contract\n      classes: [Month-to-month, One year, Two year]\n")
                .edit(P, "categorical: [contract, ", "categorical: [")
                .edit(P, "  decision_threshold: 0.5", "  # no decision threshold:")
                .edit(P, "      floors: { auc: 0.75 }\n      max_regression: { auc: 0.02 }\n", "      floors: { accuracy: 0.6 }\n")
                .edit(P, "max_regression: { auc: 0.05 }", "max_regression: { accuracy: 0.05 }");
        List<Problem> problems = problems(demo);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("fairness.max_demographic_parity_difference: positive rates and TPR"
                + " are a binary classifier's, and the model trained upstream is multiclass; limit a group's loss against"
                + " the champion with max_group_regression: { accuracy, log_loss, macro_f1 }"), problems.toString());
        assertEquals(demo.lineOf(P, "max_demographic_parity_difference"), problems.get(0).line());
        assertEquals(demo.lineOf(P, "max_equal_opportunity_difference"), problems.get(1).line());
        assertTrue(problems.get(2).message().contains("fairness.max_group_regression: 'tpr' is not a metric evaluation"
                + " writes per group for task multiclass"), problems.toString());
    }
}
