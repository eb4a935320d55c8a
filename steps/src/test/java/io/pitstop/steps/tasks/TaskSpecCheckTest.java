package io.pitstop.steps.tasks;

import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.Problem;
import org.junit.jupiter.api.Test;
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
 * A task's fields in the demo pipeline, declared wrongly, are refused by the loader {@code ./pitstop
 * check} uses — one problem, on the line of the offending value, naming the field — and declared
 * rightly, load.
 */
class TaskSpecCheckTest {

    private static final Path REPO = Path.of(System.getProperty("pitstop.home", "..")).toAbsolutePath().normalize();
    /** The demo's binary label lines, which each case replaces. */
    private static final String BINARY = "      label: churn\n      positive: \"Yes\"\n";

    @TempDir
    Path project;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown task | task: multi~label: contract~classes: [Month-to-month, One year] | task: multi"
                    + " | parameter 'task' must be one of: binary, multiclass, regression, found string \"multi\"",
            "one class | task: multiclass~label: contract~classes: [Month-to-month] | classes: [Month-to-month]"
                    + " | task multiclass needs at least 2 classes, got [Month-to-month] (one class leaves nothing to predict)",
            "a class twice | task: multiclass~label: contract~classes: [One year, One year] | classes: [One year, One year]"
                    + " | classes lists a value twice",
            "no classes | task: multiclass~label: contract | task: multiclass"
                    + " | task multiclass needs 'classes': the values of 'contract' to predict",
            "positive in multiclass | task: multiclass~label: contract~positive: Two year~classes: [One year, Two year]"
                    + " | positive: Two year | positive is for task binary; task multiclass declares 'classes' instead",
            "classes in regression | task: regression~label: tenure~classes: [a, b] | classes: [a, b]"
                    + " | classes is for task multiclass; this step's task is regression",
            "positive in regression | task: regression~label: tenure~positive: 'Yes' | positive: 'Yes'"
                    + " | positive is for task binary; task regression predicts a number",
            "weight of an unknown class | task: multiclass~label: contract~classes: [One year, Two year]~class_weights: { Three year: 2 }"
                    + " | class_weights: | class_weights: 'Three year' is not one of the classes [One year, Two year]",
            "zero class weight | task: multiclass~label: contract~classes: [One year, Two year]~class_weights: { One year: 0 }"
                    + " | class_weights: | class_weights.One year must be > 0, was 0.0",
            "class weights in binary | label: churn~positive: 'Yes'~class_weights: { 'Yes': 2 }"
                    + " | class_weights: | class_weights is for task multiclass; this step's task is binary",
    })
    void aBadTaskDeclarationIsReportedOnItsLine(String name, String lines, String badLine, String message) throws Exception {
        Problem p = onlyProblem(lines.replace("~", "\n      "), "");
        assertTrue(p.message().contains(message), p.message());
        assertTrue(p.message().contains("step 'train'") || p.message().contains("train"), p.message());
        String line = Files.readAllLines(project.resolve("pipelines/telco-churn.yaml")).get(p.line() - 1);
        assertTrue(line.contains(badLine.trim()), name + ": line " + p.line() + " is '" + line + "', expected '" + badLine + "'");
    }

    /**
     * A refused task must not be judged as the default binary: this multiclass declaration has no
     * {@code positive} and does have {@code classes}, both right for what was meant. Only what is wrong
     * whatever the task (here the missing {@code key}) is reported beside it.
     */
    @Test
    void aRefusedTaskReportsOnlyItselfAndWhatIsWrongForEveryTask() throws Exception {
        write("task: multi\n      label: contract\n      classes: [Month-to-month, One year]", "", List.of("contract"));
        replace("      key: customer_id\n", "");
        var e = assertThrows(SpecException.class, () -> new PipelineLoader(StepCatalog.fromServiceLoader())
                .load(project.resolve("pipelines/telco-churn.yaml"), project));

        // In file order: the missing key is reported at the with: block, above the task's line.
        List<String> messages = e.problems().stream().map(Problem::message).toList();
        assertEquals(List.of("step 'train': key is required", "step 'train': parameter 'task' must be one of:"
                + " binary, multiclass, regression, found string \"multi\""), messages);
    }

    @Test
    void aFloorOnALowerIsBetterMetricIsRefusedAtItsKey() throws Exception {
        Problem p = onlyProblem(BINARY.strip(), "floors: { rmse: 5.0 }");
        assertTrue(p.message().contains("floors.rmse: rmse is lower-is-better, so a floor would refuse better models;"
                + " use ceilings: { rmse: ... }"), p.message());
        String line = Files.readAllLines(project.resolve("pipelines/telco-churn.yaml")).get(p.line() - 1);
        assertEquals(line.indexOf("rmse") + 1 + "rmse: ".length(), p.column(), line);
    }

    @Test
    void aCeilingOnAHigherIsBetterMetricIsRefused() throws Exception {
        Problem p = onlyProblem(BINARY.strip(), "floors: { auc: 0.75 }\n      ceilings: { accuracy: 0.9 }");
        assertTrue(p.message().contains("ceilings.accuracy: accuracy is higher-is-better"), p.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "slice min_rows | min_rows: 100 | min_rows: 0 | slices.min_rows must be >= 1, was 0",
            "slice allowance | max_regression: { auc: 0.05 } | max_regression: { auc: -0.05 } | slices.max_regression.auc must be >= 0",
            "model bytes | max_model_bytes: 1000000 | max_model_bytes: 0 | budgets.max_model_bytes must be >= 1, was 0",
            "latency | max_scoring_ms_per_thousand_rows: 100 | max_scoring_ms_per_thousand_rows: -1"
                    + " | budgets.max_scoring_ms_per_thousand_rows must be > 0",
            "relative allowance | max_relative_regression: { log_loss: 0.05 } | max_relative_regression: { log_loss: -1 }"
                    + " | max_relative_regression.log_loss must be a fraction >= 0",
    })
    void aBadGateRuleIsReportedOnItsOwnLine(String name, String demo, String bad, String message) throws Exception {
        write(BINARY.strip(), "", List.of());
        Path file = project.resolve("pipelines/telco-churn.yaml");
        String text = Files.readString(file);
        assertTrue(text.contains(demo), "the demo gate declares " + demo);
        Files.writeString(file, text.replace(demo, bad));
        var e = assertThrows(SpecException.class, () -> new PipelineLoader(StepCatalog.fromServiceLoader()).load(file, project));
        assertEquals(1, e.problems().size(), e.problems().toString());
        Problem p = e.problems().get(0);
        assertTrue(p.message().contains(message), p.message());
        String line = Files.readAllLines(file).get(p.line() - 1);
        assertTrue(line.contains(bad.trim()), name + ": line " + p.line() + " is '" + line + "'");
    }

    @Test
    void multiclassAndRegressionDeclarationsLoad() throws Exception {
        write("task: multiclass\n      label: contract\n      classes: [Month-to-month, One year, Two year]\n"
                        + "      class_weights: { Two year: 2.0 }",
                "floors: { accuracy: 0.6 }\n      ceilings: { log_loss: 0.8 }\n      max_regression: { log_loss: 0.02 }",
                List.of("contract"));
        // The demo's slice rule is on auc, a binary metric: a multiclass gate judges its slices by accuracy.
        replace("max_regression: { auc: 0.05 }", "max_regression: { accuracy: 0.05 }");
        new PipelineLoader(StepCatalog.fromServiceLoader()).load(project.resolve("pipelines/telco-churn.yaml"), project);
        write("task: regression\n      label: tenure", "ceilings: { rmse: 9.0 }\n      floors: { r2: 0.5 }\n"
                + "      max_regression: { rmse: 0.5 }", List.of("tenure"));
        replace("max_regression: { auc: 0.05 }", "max_regression: { rmse: 1.0 }");
        replace("max_relative_regression: { log_loss: 0.05 }", "max_relative_regression: { mae: 0.05 }");
        new PipelineLoader(StepCatalog.fromServiceLoader()).load(project.resolve("pipelines/telco-churn.yaml"), project);
    }

    @Test
    void aDecisionThresholdIsRefusedForAModelThatIsNotBinaryAtTheModelBlock() throws Exception {
        write("task: regression\n      label: tenure", "ceilings: { rmse: 9.0 }", List.of("tenure"));
        replace("max_regression: { auc: 0.05 }", "max_regression: { rmse: 1.0 }");
        replace("max_relative_regression: { log_loss: 0.05 }", "max_relative_regression: { mae: 0.05 }");
        replace("  owner: customer-analytics\n", "  owner: customer-analytics\n  decision_threshold: 0.4\n");
        var e = assertThrows(SpecException.class, () -> new PipelineLoader(StepCatalog.fromServiceLoader())
                .load(project.resolve("pipelines/telco-churn.yaml"), project));
        assertEquals(1, e.problems().size(), e.getMessage());
        Problem p = e.problems().get(0);
        assertEquals(8, p.line(), e.getMessage());
        assertTrue(p.message().contains("decision_threshold is for binary classifiers; step 'train' trains a regression"
                + " model"), p.message());
    }

    private void replace(String from, String to) throws Exception {
        Path file = project.resolve("pipelines/telco-churn.yaml");
        String text = Files.readString(file);
        assertTrue(text.contains(from), "the pipeline declares " + from);
        Files.writeString(file, text.replace(from, to));
    }

    private Problem onlyProblem(String labelLines, String gate) throws Exception {
        write(labelLines, gate, List.of("contract", "tenure"));
        var e = assertThrows(SpecException.class, () -> new PipelineLoader(StepCatalog.fromServiceLoader())
                .load(project.resolve("pipelines/telco-churn.yaml"), project));
        List<Problem> problems = e.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).line() > 0 && problems.get(0).column() > 0, problems.toString());
        return problems.get(0);
    }

    /**
     * The demo project with the train step's label lines replaced (and, when given, the gate's rules
     * and the label dropped from the features, as a real multiclass or regression pipeline would).
     */
    private void write(String labelLines, String gate, List<String> notFeatures) throws Exception {
        Files.createDirectories(project.resolve("pipelines"));
        Files.createDirectories(project.resolve("data-contracts"));
        Files.copy(REPO.resolve("data-contracts/telco-churn.yaml"), project.resolve("data-contracts/telco-churn.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(project.resolve("data/landing"));
        Files.writeString(project.resolve("data/landing/telco_churn.csv"), "customer_id\n");
        String text = Files.readString(REPO.resolve("pipelines/telco-churn.yaml"));
        assertTrue(text.contains(BINARY), "the demo pipeline still declares its binary label");
        text = text.replace(BINARY, "      " + labelLines + "\n");
        // Only a binary model decides at a threshold: the demo's is refused for any other task (tested below).
        if (labelLines.contains("task: multiclass") || labelLines.contains("task: regression")) {
            text = text.replaceAll("(?m)^  decision_threshold:.*\n", "");
            // Nor do the gaps of the gate's fairness limits exist for another task.
            text = text.replaceAll("(?m)^      fairness:\n        max_demographic_parity_difference:.*\n"
                    + "        max_equal_opportunity_difference:.*\n        max_group_regression:.*\n", "");
        }
        for (String column : notFeatures) {
            text = text.replace("categorical: [" + column + ", ", "categorical: [")
                    .replace("numeric: [" + column + ", ", "numeric: [");
        }
        if (!gate.isEmpty()) {
            String demoGate = "      floors: { auc: 0.75 }\n      max_regression: { auc: 0.02 }\n";
            assertTrue(text.contains(demoGate), "the demo gate is as this test expects");
            text = text.replace(demoGate, "      " + gate + "\n");
        }
        Files.writeString(project.resolve("pipelines/telco-churn.yaml"), text);
    }
}
