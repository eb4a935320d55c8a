package io.pitstop.steps.check;

import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code check} can tell from the files alone, before Spark starts: the columns the train,
 * evaluate and gate steps name are columns of the contract the pipeline validates with, of a type
 * each can use; {@code positive} is a value the contract allows the label; gate metrics exist for
 * the task and limits lie in their range; a contract predicate is SQL Spark can parse. Each problem
 * at its own line, all of them in one pass.
 */
class CheckAgainstTheContractTest {

    @TempDir
    Path dir;

    static final String P = DemoCopy.PIPELINE;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "label not declared | label: churn | label: chrun | label: chrun"
                    + " | label 'chrun' is not a column of the contract data-contracts/telco-churn.yaml (did you mean 'churn'?)",
            "key not declared | key: customer_id | key: id | key: id | key 'id' is not a column of the contract",
            "feature not declared | numeric: [tenure, | numeric: [tenur, | numeric: [tenur,"
                    + " | numeric feature 'tenur' is not a column of the contract data-contracts/telco-churn.yaml (did you mean 'tenure'?)",
            "positive in another case | positive: \"Yes\" | positive: \"yes\" | positive: \"yes\""
                    + " | positive 'yes' is not a value of 'churn': the contract data-contracts/telco-churn.yaml allows only"
                    + " [Yes, No] (did you mean 'Yes'?)",
            "evaluate slice not declared | slices: [contract] | slices: [contrakt] | slices: [contrakt]"
                    + " | slice column 'contrakt' is not a column of the contract",
            "gate slice not declared | columns: [contract] | columns: [plan] | columns: [plan]"
                    + " | slice column 'plan' is not a column of the contract",
            "gate slice not measured | columns: [contract] | columns: [payment_method] | columns: [payment_method]"
                    + " | slice column 'payment_method' is not measured: the evaluation upstream slices by [contract]"
                    + " (add it to the evaluate step's slices)",
            "metric that does not exist | floors: { auc: 0.75 } | floors: { auroc: 0.75 } | floors: { auroc"
                    + " | floors: 'auroc' is not a metric evaluation writes for task binary (did you mean 'auc'?)",
            "floor out of range | floors: { auc: 0.75 } | floors: { auc: 1.5 } | floors: { auc: 1.5 }"
                    + " | floors.auc is 1.5, outside the range of auc [0, 1]",
            "metric of another task | max_relative_regression: { log_loss: 0.05 } | max_relative_regression: { rmse: 0.05 }"
                    + " | { rmse: 0.05 } | max_relative_regression: 'rmse' is not a metric evaluation writes for task binary"
                    + " (it is a metric of task regression)",
            "slice allowance wider than the range | max_regression: { auc: 0.05 } | max_regression: { auc: 2.0 }"
                    + " | { auc: 2.0 } | slices.max_regression.auc is 2.0, wider than the whole range of auc [0, 1]",
            "metric not written per slice | max_regression: { auc: 0.05 } | max_regression: { precision: 0.05 }"
                    + " | { precision: 0.05 } | slices.max_regression: 'precision' is not a metric evaluation writes per"
                    + " slice for task binary (evaluation writes it for the whole test split, not per slice)",
    })
    void aProblemTheFilesCanTellIsReportedOnItsLine(String name, String demo, String bad, String badLine, String message)
            throws Exception {
        DemoCopy demoCopy = DemoCopy.into(dir).edit(P, demo, bad);
        List<Problem> problems = problems(demoCopy);
        assertEquals(1, problems.size(), name + ": " + problems);
        Problem p = problems.get(0);
        assertTrue(p.message().contains(message), name + ": " + p.message());
        assertEquals(demoCopy.pipeline(), p.file());
        assertEquals(demoCopy.lineOf(P, badLine), p.line(), name + ": " + p);
        assertTrue(p.column() > 1, p.toString());
    }

    @Test
    void aFeatureOfTheWrongTypeIsReportedWithTheTypeItNeeds() throws Exception {
        DemoCopy demo = DemoCopy.into(dir)
                .edit(P, "categorical: [contract, ", "categorical: [tenure, ")
                .edit(P, "numeric: [tenure, ", "numeric: [contract, ");
        List<Problem> problems = problems(demo);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("categorical feature 'tenure' is declared integer in the contract"
                + " data-contracts/telco-churn.yaml; it must be a string, or listed under numeric"), problems.toString());
        assertEquals(demo.lineOf(P, "categorical: [tenure, "), problems.get(0).line());
        assertTrue(problems.get(1).message().contains("numeric feature 'contract' is declared string in the contract"
                + " data-contracts/telco-churn.yaml; it must be a number (integer, long or double), or listed under"
                + " categorical"), problems.toString());
        assertEquals(demo.lineOf(P, "numeric: [contract, "), problems.get(1).line());
    }

    @Test
    void aRegressionLabelMustBeANumberInTheContract() throws Exception {
        DemoCopy demo = DemoCopy.into(dir)
                .edit(P, "      label: churn\n      positive: \"Yes\"\n", "      task: regression\n      label: contract\n")
                .edit(P, "categorical: [contract, ", "categorical: [")
                .edit(P, "      floors: { auc: 0.75 }\n      max_regression: { auc: 0.02 }\n      max_relative_regression: { log_loss: 0.05 }\n",
                        "      ceilings: { rmse: 9.0 }\n")
                .edit(P, "max_regression: { auc: 0.05 }", "max_regression: { rmse: 1.0 }")
                .withoutGateFairness();
        List<Problem> problems = problems(demo);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("label 'contract' is declared string in the contract"
                + " data-contracts/telco-churn.yaml; it must be a number (integer, long or double): task regression"
                + " predicts a number"), problems.toString());
        assertEquals(demo.lineOf(P, "label: contract"), problems.get(0).line());
    }

    @Test
    void multiclassClassesMustBeValuesTheContractAllows() throws Exception {
        DemoCopy demo = DemoCopy.into(dir)
                .edit(P, "      label: churn\n      positive: \"Yes\"\n",
                        "      task: multiclass\n      label: contract\n      classes: [Month-to-month, One Year, Two year]\n")
                .edit(P, "categorical: [contract, ", "categorical: [")
                .edit(P, "      floors: { auc: 0.75 }\n      max_regression: { auc: 0.02 }\n", "      floors: { accuracy: 0.6 }\n")
                .edit(P, "max_regression: { auc: 0.05 }", "max_regression: { accuracy: 0.05 }")
                .withoutGateFairness();
        List<Problem> problems = problems(demo);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("class 'One Year' is not a value of 'contract'")
                && problems.get(0).message().contains("(did you mean 'One year'?)"), problems.toString());
    }

    @Test
    void aPredicateSparkCannotParseIsReportedInTheContractAtItsCheck() throws Exception {
        DemoCopy demo = DemoCopy.into(dir).edit(DemoCopy.CONTRACT, "checks:\n",
                "checks:\n  - { kind: predicate, name: broken, sql: \"tenure >= (monthly_charges\" }\n");
        List<Problem> problems = problems(demo);
        assertEquals(1, problems.size(), problems.toString());
        Problem p = problems.get(0);
        assertEquals(dir.resolve(DemoCopy.CONTRACT), p.file());
        assertEquals(demo.lineOf(DemoCopy.CONTRACT, "name: broken"), p.line(), p.toString());
        assertTrue(p.message().startsWith("predicate 'broken': sql does not parse as a Spark SQL expression: "), p.message());
        assertTrue(p.message().lines().count() == 1, "one line, without Spark's echoed statement: " + p.message());
    }

    @Test
    void theDemoContractsPredicatesParse() throws Exception {
        // The same parser accepts the demo's own predicate: the check is not refusing everything.
        DemoCopy demo = DemoCopy.into(dir);
        new PipelineLoader(StepCatalog.fromServiceLoader()).load(demo.pipeline(), dir);
    }

    @Test
    void everyProblemInThePipelineIsReportedInOnePass() throws Exception {
        DemoCopy demo = DemoCopy.into(dir)
                .edit(P, "label: churn", "label: chrun")
                .edit(P, "key: customer_id", "key: \"\"")
                .edit(P, "hidden: [32, 16]", "hidden: [100000000, 0]")
                .edit(P, "epochs: 30", "epochs: 0")
                .edit(P, "batch_size: 128", "batch_size: 0")
                .edit(P, "slices: [contract]", "slices: [contrakt]")
                .edit(P, "floors: { auc: 0.75 }", "floors: { auroc: 0.75 }");
        List<Problem> problems = problems(demo);
        // The network block's four refusals are reported together with the train block's own; the train
        // step is judged against the contract once it binds.
        List<String> expected = List.of(
                "key: \"\"|key is required",
                "hidden: [100000000, 0]|network.hidden[0] must be 1 to 4096 units, was 100000000",
                "hidden: [100000000, 0]|network.hidden[1] must be 1 to 4096 units, was 0",
                "epochs: 0|network.epochs must be 1 to 10000, was 0",
                "batch_size: 0|network.batch_size must be 1 to 65536, was 0",
                "slices: [contrakt]|slice column 'contrakt' is not a column of the contract",
                "floors: { auroc|'auroc' is not a metric evaluation writes");
        assertTrue(problems.stream().noneMatch(p -> p.message().contains("chrun")),
                "label is judged against the contract only once the step binds: " + problems);
        assertEquals(expected.size(), problems.size(), problems.toString());
        for (String e : expected) {
            String[] parts = e.split("\\|");
            int line = demo.lineOf(P, parts[0]);
            assertTrue(problems.stream().anyMatch(p -> p.line() == line && p.message().contains(parts[1])),
                    "no problem at line " + line + " saying '" + parts[1] + "': " + problems);
        }
    }

    @Test
    void aTrainBlockReportsEachRefusedFieldAtItsOwnLine() throws Exception {
        DemoCopy demo = DemoCopy.into(dir)
                .edit(P, "      label: churn\n      positive: \"Yes\"\n      key: customer_id\n",
                        "      task: binary\n      classes: [a, b]\n      key: \"\"\n");
        List<Problem> problems = problems(demo);
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("label is required")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("positive is required")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("key is required")
                && p.line() == lineOf(demo, "key: \"\"")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("classes is for task multiclass")
                && p.line() == lineOf(demo, "classes: [a, b]")), problems.toString());
    }

    private static int lineOf(DemoCopy demo, String text) {
        try {
            return demo.lineOf(P, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Problem> problems(DemoCopy demo) {
        var e = assertThrows(SpecException.class,
                () -> new PipelineLoader(StepCatalog.fromServiceLoader()).load(demo.pipeline(), demo.dir()));
        return e.problems();
    }
}
