package io.pitstop.steps.evaluate;

import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.features.IncompatibleInputException;
import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code evaluate.classifier}: scores the held-out test split with the trained model (on Spark,
 * through {@link TrainedModel#score}, exactly as production scoring does; each row's label and slice
 * values carried through beside its score, never joined back by key) and writes
 * {@code metrics.json}: {@link EvaluationReport} for a binary model, {@link TaskEvaluationReport}
 * for a multiclass or regression one (the model's task is read from its model.json, so one step
 * kind evaluates every task; {@code threshold} applies to binary models only).
 *
 * <p>Reads {@code model} and {@code test_split}; produces {@code metrics} (the path of metrics.json).
 * Labels and scores come to the driver (two numbers and the slice values per row): exact AUC needs a
 * full sort, and a held-out split of even 2M rows is a few tens of MB.
 */
public final class EvaluateClassifierStep implements Step<EvaluateParams> {

    public static final String KIND = "evaluate.classifier";
    public static final String OUTPUT = "metrics";

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
        return Set.of("model", "test_split");
    }

    @Override
    public Set<String> produces(EvaluateParams params) {
        return Set.of(OUTPUT);
    }

    /** The slice columns, so a gate downstream can judge only segments that are measured. */
    @Override
    public io.pitstop.engine.step.StepDeclaration declares(EvaluateParams params, io.pitstop.engine.step.ValidationContext ctx) {
        return io.pitstop.engine.step.StepDeclaration.ofSlices(params.slices());
    }

    /** Every slice column is a column of the contract validated upstream. */
    @Override
    public List<io.pitstop.engine.step.Problem> validate(EvaluateParams params, io.pitstop.engine.step.ValidationContext ctx) {
        var columns = new io.pitstop.steps.data.ContractColumns(ctx);
        var problems = new java.util.ArrayList<io.pitstop.engine.step.Problem>();
        for (int i = 0; i < params.slices().size(); i++) {
            columns.require("/slices/" + i, "slice column", params.slices().get(i), io.pitstop.steps.data.ContractColumns.ANY, "")
                    .ifPresent(problems::add);
        }
        return problems;
    }

    @Override
    public StepResult run(EvaluateParams params, StepContext ctx) throws Exception {
        SparkSession spark = ctx.resource(SparkSession.class);
        Path modelDir = ctx.upstream().path("model");
        Path testSplit = ctx.upstream().path("test_split");
        TrainedModel model = TrainedModel.load(modelDir);
        ModelDescriptor d = model.descriptor();
        Dataset<Row> test = spark.read().parquet(testSplit.toString());

        List<String> columns = List.of(test.schema().fieldNames());
        for (String needed : concat(List.of(d.label()), params.slices())) {
            if (!columns.contains(needed)) {
                return StepResult.failed("column '" + needed + "' is not in the test split " + testSplit
                        + "; it has " + columns).build();
            }
        }
        if (d.modelTask() != ModelTask.BINARY) return runTask(params, ctx, spark, model, test, modelDir, testSplit);
        LabelledScores scores;
        try {
            scores = LabelledScores.collect(spark, model, test, d, params.slices());
        } catch (IncompatibleInputException | IllegalStateException e) {
            return StepResult.failed(e.getMessage()).build();
        }

        ClassifierMetrics overall = Metrics.of(scores.scores(), scores.labels(), params.threshold());
        var slices = new TreeMap<String, SortedMap<String, SliceMetrics>>();
        for (int s = 0; s < params.slices().size(); s++) {
            slices.put(params.slices().get(s), scores.sliceMetrics(s, params.threshold()));
        }
        var report = new EvaluationReport(EvaluationReport.FORMAT_VERSION, params.threshold(), modelDir.toString(),
                testSplit.toString(), overall, Metrics.calibration(scores.scores(), scores.labels()), slices);
        Path file = java.nio.file.Files.createDirectories(ctx.outputDir()).resolve(EvaluationReport.FILE_NAME);
        report.write(file);
        return StepResult.succeeded()
                .output(OUTPUT, file)
                .metrics(report.stepMetrics())
                .report(OUTPUT, report.toJson())
                .message(String.format("test AUC %.4f, log-loss %.4f, F1 %.3f at %.2f on %d rows", overall.auc(),
                        overall.logLoss(), overall.f1(), params.threshold(), overall.count()))
                .build();
    }

    /** A multiclass or regression model: the task's metrics, overall, per class and per slice. */
    private static StepResult runTask(EvaluateParams params, StepContext ctx, SparkSession spark, TrainedModel model,
                                      Dataset<Row> test, Path modelDir, Path testSplit) throws java.io.IOException {
        ModelDescriptor d = model.descriptor();
        LabelledOutputs outputs;
        try {
            outputs = LabelledOutputs.collect(spark, model, test, d, params.slices());
        } catch (IncompatibleInputException | IllegalStateException e) {
            return StepResult.failed(e.getMessage()).build();
        }
        var slices = new TreeMap<String, SortedMap<String, SortedMap<String, Double>>>();
        for (int s = 0; s < params.slices().size(); s++) slices.put(params.slices().get(s), outputs.sliceMetrics(s));
        boolean multiclass = d.modelTask() == ModelTask.MULTICLASS;
        long[][] confusion = multiclass
                ? MulticlassMetrics.confusion(outputs.outputs(), outputs.classIndex(), d.classes().size()) : null;
        var report = new TaskEvaluationReport(EvaluationReport.FORMAT_VERSION, d.task(), modelDir.toString(),
                testSplit.toString(), d.classes(), outputs.overall(),
                multiclass ? MulticlassMetrics.perClass(confusion, d.classes()) : null,
                multiclass ? MulticlassMetrics.asLists(confusion) : null, slices);
        Path file = java.nio.file.Files.createDirectories(ctx.outputDir()).resolve(EvaluationReport.FILE_NAME);
        report.write(file);
        var m = report.overall();
        String summary = multiclass
                ? String.format("test accuracy %.4f (majority class %.4f), macro F1 %.3f, log-loss %.4f on %.0f rows",
                        m.get("accuracy"), m.get("majority_rate"), m.get("macro_f1"), m.get("log_loss"), m.get("count"))
                : String.format("test RMSE %.4f (predicting the mean %.4f), MAE %.4f, R² %.3f on %.0f rows",
                        m.get("rmse"), m.get("baseline_rmse"), m.get("mae"), m.get("r2"), m.get("count"));
        return StepResult.succeeded()
                .output(OUTPUT, file)
                .metrics(report.stepMetrics())
                .report(OUTPUT, report.toJson())
                .message(summary)
                .build();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
