package io.pitstop.steps.train;

import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepDeclaration;
import io.pitstop.engine.step.ValidationContext;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.dataset.Splits;
import io.pitstop.steps.dataset.ValidatedData;
import io.pitstop.steps.features.FeatureTransform;
import io.pitstop.steps.features.IncompatibleInputException;
import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.Target;
import io.pitstop.steps.model.ModelArtifact;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.spark.ColumnNames;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code train.network}: checks the key names each row once ({@link KeyAudit}: unique, never null),
 * splits the validated data by key hash, fits the feature transform on the
 * training split, trains the network for the declared task ({@link ModelTask}: binary, multiclass or
 * regression) in the driver JVM or on the executors, and writes the model directory.
 *
 * <p>Reads output {@code validated} (a Parquet directory); produces {@code model} (the model
 * directory: model.zip, features.json, model.json) and {@code train_split}, {@code validation_split},
 * {@code test_split} (Parquet directories, the rows exactly as validated).
 */
public final class TrainNetworkStep implements Step<TrainParams> {

    public static final String KIND = "train.network";
    public static final String INPUT = ValidatedData.PARQUET.name();
    public static final String MODEL = ModelArtifact.TRAINED.name();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String description() {
        return "Train a feed-forward network (DL4J; binary, multiclass or regression) on a key-hashed split of the validated data";
    }

    @Override
    public Class<TrainParams> paramsType() {
        return TrainParams.class;
    }

    @Override
    public Set<String> consumes(TrainParams params) {
        return Set.of(INPUT);
    }

    @Override
    public Set<String> produces(TrainParams params) {
        return Set.of(MODEL, splitOutput(DeterministicSplit.TRAIN), splitOutput(DeterministicSplit.VALIDATION),
                splitOutput(DeterministicSplit.TEST));
    }

    /** The label, key and features against the contract validated upstream ({@link TrainContractCheck}). */
    @Override
    public List<Problem> validate(TrainParams params, ValidationContext ctx) {
        return TrainContractCheck.check(params, ctx);
    }

    /** The task, so that the gate downstream can name the metrics that exist for it. */
    @Override
    public StepDeclaration declares(TrainParams params, ValidationContext ctx) {
        return StepDeclaration.ofTask(params.task().yamlName());
    }

    /**
     * Where the network trains decides its weights (averaging on executors is not the driver's
     * sequence of updates), so a change of the profile's training path retrains.
     */
    @Override
    public Map<String, String> externalInputs(TrainParams params, StepContext ctx) {
        try {
            return Map.of("training_path", TrainingPath.from(ctx.profile()).name());
        } catch (IllegalArgumentException e) {
            return Map.of("training_path", "invalid: " + ctx.profile().get(TrainingPath.PATH, ""));
        }
    }

    /** {@code train_split}, {@code validation_split}, {@code test_split}. */
    private static String splitOutput(String split) {
        return Splits.of(split).name();
    }

    /**
     * The threshold recorded in the model: the pipeline's, for a binary model (check refuses one declared
     * for another task); the default for the others, which never use it.
     */
    private static double decisionThreshold(ModelTask task, StepContext ctx) {
        return (task == ModelTask.BINARY ? ctx.model().threshold()
                : io.pitstop.engine.step.DecisionThreshold.DEFAULT).value();
    }

    @Override
    public StepResult run(TrainParams params, StepContext ctx) throws Exception {
        SparkSession spark = ctx.resource(SparkSession.class);
        Dataset<Row> data = spark.read().parquet(ctx.upstream().require(INPUT));
        List<String> columns = List.of(data.schema().fieldNames());
        for (String required : List.of(params.key(), params.label())) {
            if (!columns.contains(required)) {
                return StepResult.failed("column '" + required + "' is not in the validated data; it has " + columns)
                        .build();
            }
        }
        // Before splitting: the splits are drawn by key, and evaluation, the gate and scoring tell rows apart by it.
        KeyAudit keys = KeyAudit.of(data, params.key());
        if (!keys.sound()) return StepResult.failed(keys.problem()).metrics(keys.metrics()).build();

        var result = StepResult.succeeded();
        var splitPaths = new TreeMap<String, Path>();
        for (String split : DeterministicSplit.NAMES) {
            Path path = ctx.outputDir().resolve("splits").resolve(split);
            DeterministicSplit.select(data, params.key(), ctx.seed(), params.split(), split)
                    .write().mode("overwrite").parquet(path.toString());
            splitPaths.put(split, path);
            result.output(splitOutput(split), path);
        }
        // Train on what was written, so the recorded splits are by construction what the model saw.
        Dataset<Row> train = spark.read().parquet(splitPaths.get(DeterministicSplit.TRAIN).toString());
        Dataset<Row> validation = spark.read().parquet(splitPaths.get(DeterministicSplit.VALIDATION).toString());

        ModelTask task = params.task();
        Target target;
        try {
            target = target(params, train);
        } catch (Target.UnusableLabelException e) {
            return StepResult.failed(e.getMessage()).build();
        }
        FeatureTransform transform;
        EncodedRows trainRows;
        EncodedRows validationRows;
        try {
            transform = FeatureTransform.fit(train, params.features());
            trainRows = EncodedRows.collect(train, transform, params.label(), target, params.key());
            validationRows = EncodedRows.collect(validation, transform, params.label(), target, params.key());
        } catch (IncompatibleInputException | EncodedRows.MissingLabelException e) {
            return StepResult.failed(e.getMessage()).build();
        } catch (Target.UnusableLabelException e) {
            return StepResult.failed("label '" + params.label() + "': " + e.getMessage()).build();
        }
        String emptiness = emptinessProblem(params, trainRows, validationRows);
        if (emptiness != null) return StepResult.failed(emptiness).build();
        ctx.log().info("training a {} model on {} rows, validating on {}, {} inputs", task.yamlName(),
                trainRows.rows(), validationRows.rows(), transform.width());

        TrainingPath path;
        try {
            path = TrainingPath.from(ctx.profile());
        } catch (IllegalArgumentException e) {
            return StepResult.failed(e.getMessage()).build();
        }
        ctx.log().info("training path: {}", path.name());
        int epochs = params.network().epochs();
        String metricName = TaskCurves.metricName(task);
        String progressName = metricName.replace("validation_", "val_");
        java.util.function.Consumer<EpochStats> onEpoch = e -> ctx.progress().advance(e.epoch(), epochs,
                String.format("%s %.3f val_loss %.4f", progressName, e.validationMetric(), e.validationLoss()));
        var trainer = new NetworkTrainer();
        double[] classWeights = params.classWeightArray();
        var outcome = path.spark()
                ? trainer.train(params.network(), target, classWeights, ctx.seed(), trainRows, validationRows,
                        new SparkEpochs(narrowed(train, params), transform, target, params.key(),
                                params.network().batchSize(), params.network().positiveWeight(),
                                path.averagingFrequency(), ctx.seed()), onEpoch)
                : trainer.train(params.network(), target, classWeights, ctx.seed(), trainRows, validationRows, onEpoch);

        var hyperparameters = new TreeMap<>(params.network().asMap());
        hyperparameters.put("output", switch (task) {
            case BINARY -> "sigmoid/xent";
            case MULTICLASS -> "softmax/mcxent";
            case REGRESSION -> "identity/mse";
        });
        if (classWeights != null) hyperparameters.put("class_weights", new TreeMap<>(params.classWeights()));
        var descriptor = new ModelDescriptor(ModelDescriptor.formatVersionFor(task), params.label(), params.positive(),
                params.key(), transform.spec(), decisionThreshold(task, ctx), transform.width(), ctx.seed(), outcome.epochs().size(),
                outcome.bestEpoch(), hyperparameters, task.yamlName(), params.classes(),
                task == ModelTask.REGRESSION ? target.mean() : null,
                task == ModelTask.REGRESSION ? target.scale() : null);
        Path modelDir = ctx.outputDir().resolve(MODEL);
        TrainedModel.of(descriptor, transform, outcome.network()).save(modelDir);

        var trainLoss = new ArrayList<Double>();
        var validationLoss = new ArrayList<Double>();
        var validationMetric = new ArrayList<Double>();
        for (EpochStats e : outcome.epochs()) {
            trainLoss.add(e.trainLoss());
            validationLoss.add(e.validationLoss());
            validationMetric.add(e.validationMetric());
        }
        var stream = validationMetric.stream().mapToDouble(Double::doubleValue);
        double bestMetric = (TaskCurves.higherIsBetter(task) ? stream.max() : stream.min()).orElse(Double.NaN);
        return result.output(MODEL, modelDir)
                .report("environment", TrainingEnvironment.capture(spark, path.name(), outcome.opThreads()))
                .curve("train_loss", trainLoss)
                .curve("validation_loss", validationLoss)
                .curve(metricName, validationMetric)
                .metrics(Map.of(
                        "best_" + metricName, bestMetric,
                        metricName, outcome.best().validationMetric(),
                        "validation_loss", outcome.best().validationLoss(),
                        "epochs_run", (double) outcome.epochs().size(),
                        "best_epoch", (double) outcome.bestEpoch(),
                        "samples_per_second", outcome.samplesPerSecond(),
                        "train_rows", (double) trainRows.rows(),
                        "validation_rows", (double) validationRows.rows(),
                        "input_width", (double) transform.width()))
                .message(String.format("%s%d epochs, best epoch %d, %s %.4f",
                        task == ModelTask.BINARY ? "" : task.yamlName() + ": ", outcome.epochs().size(),
                        outcome.bestEpoch(), metricName.replace('_', ' ').replace("auc", "AUC")
                                .replace("rmse", "RMSE"), outcome.best().validationMetric()))
                .build();
    }

    /**
     * The task's label encoding. Regression standardises by the training split's mean and standard
     * deviation, after checking the label is numeric (a string label is refused by name and type).
     */
    private static Target target(TrainParams params, Dataset<Row> train) {
        ModelTask task = params.task();
        if (task != ModelTask.REGRESSION) return new Target(task, params.positive(), params.classes(), 0, 1);
        var type = train.schema().apply(params.label()).dataType();
        if (!(type instanceof org.apache.spark.sql.types.NumericType)) {
            throw new Target.UnusableLabelException("label '" + params.label() + "' is " + type.simpleString()
                    + " in the validated data; task regression needs a numeric label (integer, long, double, ...)");
        }
        Row stats = train.agg(org.apache.spark.sql.functions.avg(ColumnNames.column(params.label())),
                org.apache.spark.sql.functions.stddev_pop(ColumnNames.column(params.label()))).first();
        if (stats.isNullAt(0)) {
            throw new Target.UnusableLabelException("label '" + params.label() + "' has no value in the training split");
        }
        double sd = stats.isNullAt(1) ? 0 : stats.getDouble(1);
        // A constant label still trains (to its mean); a unit scale keeps the arithmetic finite.
        return new Target(task, null, List.of(), stats.getDouble(0), sd > 0 ? sd : 1.0);
    }

    /** The label first (the encoder's convention), then the features, then the key the epochs shuffle by. */
    private static Dataset<Row> narrowed(Dataset<Row> split, TrainParams params) {
        var columns = new ArrayList<org.apache.spark.sql.Column>();
        columns.add(ColumnNames.column(params.label()));
        params.features().columns().forEach(c -> columns.add(ColumnNames.column(c)));
        columns.add(ColumnNames.column(params.key()));
        return split.select(columns.toArray(org.apache.spark.sql.Column[]::new));
    }

    /** A split that cannot train or validate the task: say which and why instead of training on it. */
    private static String emptinessProblem(TrainParams params, EncodedRows train, EncodedRows validation) {
        switch (params.task()) {
            case BINARY -> {
                if (train.positives() == 0) {
                    return "no training row has " + params.label() + " = '" + params.positive()
                            + "' (check 'positive': it must match the label's value exactly, case included)";
                }
                if (train.positives() == train.rows()) {
                    return "every training row has " + params.label() + " = '" + params.positive() + "': nothing to contrast";
                }
            }
            case MULTICLASS -> {
                long[] counts = train.classCounts(params.classes().size());
                long present = java.util.Arrays.stream(counts).filter(c -> c > 0).count();
                if (present < 2) {
                    return "the training split has only " + present + " of the classes " + params.classes()
                            + " of '" + params.label() + "': nothing to contrast";
                }
            }
            case REGRESSION -> {
                if (train.rows() < 2) return "the training split has " + train.rows() + " rows: too few to fit a regression";
            }
        }
        if (validation.rows() == 0) {
            return "the validation split is empty: too few rows for split.validation = " + params.split().validation();
        }
        return null;
    }
}
