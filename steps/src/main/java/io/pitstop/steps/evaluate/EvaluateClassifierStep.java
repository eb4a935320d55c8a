package io.pitstop.steps.evaluate;

import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.dataset.Splits;
import io.pitstop.steps.features.IncompatibleInputException;
import io.pitstop.steps.metrics.ClassifierMetrics;
import io.pitstop.steps.metrics.EvaluationReport;
import io.pitstop.steps.metrics.Metrics;
import io.pitstop.steps.metrics.MetricsReport;
import io.pitstop.steps.metrics.TaskEvaluationReport;
import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.ModelArtifact;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code evaluate.classifier}: scores the held-out test split with the trained model (on Spark,
 * through {@link TrainedModel#score}, exactly as production scoring does; each row's label and slice
 * values carried through beside its score, never joined back by key) and writes
 * {@code metrics.json}: {@link EvaluationReport} for a binary model, {@link TaskEvaluationReport}
 * for a multiclass or regression one (the model's task is read from its model.json, so one step
 * kind evaluates every task). A binary model is measured at the decision threshold recorded in it,
 * the pipeline's {@code model: { decision_threshold: ... }}, which the report records.
 *
 * <p>Reads {@code model} and {@code test_split}; produces {@code metrics} (the path of metrics.json).
 * Labels and scores come to the driver (two numbers and the slice values per row): exact AUC needs a
 * full sort, and a held-out split of even 2M rows is a few tens of MB.
 */
public final class EvaluateClassifierStep implements Step<EvaluateParams> {

    public static final String KIND = "evaluate.classifier";
    public static final String OUTPUT = MetricsReport.ARTIFACT.name();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String description() {
        return "Metrics of the model on the test split, overall and per slice: AUC, log-loss, threshold metrics and"
                + " calibration (binary); accuracy, F1, log-loss, confusion matrix (multiclass); RMSE, MAE, R² (regression)";
    }

    @Override
    public Class<EvaluateParams> paramsType() {
        return EvaluateParams.class;
    }

    @Override
    public Set<String> consumes(EvaluateParams params) {
        return Set.of(ModelArtifact.TRAINED.name(), Splits.TEST.name());
    }

    @Override
    public Set<String> produces(EvaluateParams params) {
        return Set.of(MetricsReport.ARTIFACT.name());
    }

    /**
     * The slice and protected columns and the task measured, so a gate downstream can judge only segments
     * and groups that are measured, with rules that exist for the task.
     */
    @Override
    public io.pitstop.engine.step.StepDeclaration declares(EvaluateParams params, io.pitstop.engine.step.ValidationContext ctx) {
        return io.pitstop.engine.step.StepDeclaration.ofSegments(params.slices(), params.protectedColumns());
    }

    /** Every slice and protected column is a column of the contract validated upstream (a feature or not). */
    @Override
    public List<io.pitstop.engine.step.Problem> validate(EvaluateParams params, io.pitstop.engine.step.ValidationContext ctx) {
        var columns = new io.pitstop.steps.dataset.ContractColumns(ctx);
        var problems = new java.util.ArrayList<io.pitstop.engine.step.Problem>();
        for (int i = 0; i < params.slices().size(); i++) {
            columns.require("/slices/" + i, "slice column", params.slices().get(i), io.pitstop.steps.dataset.ContractColumns.ANY, "")
                    .ifPresent(problems::add);
        }
        for (int i = 0; i < params.protectedColumns().size(); i++) {
            columns.require("/fairness/protected_columns/" + i, "protected column", params.protectedColumns().get(i),
                    io.pitstop.steps.dataset.ContractColumns.ANY, "").ifPresent(problems::add);
        }
        return problems;
    }

    @Override
    public StepResult run(EvaluateParams params, StepContext ctx) throws Exception {
        SparkSession spark = ctx.resource(SparkSession.class);
        Path modelDir = ctx.upstream().path(ModelArtifact.TRAINED);
        Path testSplit = ctx.upstream().path(Splits.TEST);
        TrainedModel model = TrainedModel.load(modelDir);
        ModelDescriptor d = model.descriptor();
        Dataset<Row> test = spark.read().parquet(testSplit.toString());

        List<String> columns = List.of(test.schema().fieldNames());
        for (String needed : concat(concat(List.of(d.label()), params.slices()), params.protectedColumns())) {
            if (!columns.contains(needed)) {
                return StepResult.failed("column '" + needed + "' is not in the test split " + testSplit
                        + "; it has " + columns).build();
            }
        }
        MetricsReport report;
        try {
            report = io.pitstop.steps.metrics.TestSplitMeasurement.measure(spark, model, test, d, d.decisionThreshold(), params.slices(),
                    params.fairness(), modelDir.toString(), testSplit.toString());
        } catch (IncompatibleInputException | IllegalStateException e) {
            return StepResult.failed(e.getMessage()).build();
        }
        Path file = java.nio.file.Files.createDirectories(ctx.outputDir()).resolve(MetricsReport.FILE_NAME);
        report.write(file);
        return StepResult.succeeded()
                .output(OUTPUT, file)
                .metrics(report.stepMetrics())
                .report(OUTPUT, report.toJson())
                .message(summary(report))
                .build();
    }

    private static String summary(MetricsReport report) {
        if (report instanceof EvaluationReport binary) {
            ClassifierMetrics overall = binary.overall();
            return String.format("test AUC %.4f, log-loss %.4f, F1 %.3f at %.2f on %d rows", overall.auc(),
                    overall.logLoss(), overall.f1(), binary.threshold(), overall.count());
        }
        var task = (TaskEvaluationReport) report;
        var m = task.overall();
        return ModelTask.MULTICLASS.yamlName().equals(task.task())
                ? String.format("test accuracy %.4f (majority class %.4f), macro F1 %.3f, log-loss %.4f on %.0f rows",
                        m.get("accuracy"), m.get("majority_rate"), m.get("macro_f1"), m.get("log_loss"), m.get("count"))
                : String.format("test RMSE %.4f (predicting the mean %.4f), MAE %.4f, R² %.3f on %.0f rows",
                        m.get("rmse"), m.get("baseline_rmse"), m.get("mae"), m.get("r2"), m.get("count"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
