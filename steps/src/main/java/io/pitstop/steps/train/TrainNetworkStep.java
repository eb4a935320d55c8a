package io.pitstop.steps.train;

import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.features.FeatureTransform;
import io.pitstop.steps.features.IncompatibleInputException;
import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.TrainedModel;
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
 * {@code train.network}: splits the validated data by key hash, fits the feature transform on the
 * training split, trains the network in the driver JVM and writes the model directory.
 *
 * <p>Reads output {@code validated} (a Parquet directory); produces {@code model} (the model
 * directory: model.zip, features.json, model.json) and {@code train_split}, {@code validation_split},
 * {@code test_split} (Parquet directories, the rows exactly as validated).
 */
public final class TrainNetworkStep implements Step<TrainParams> {

    public static final String KIND = "train.network";
    public static final String INPUT = "validated";
    public static final String MODEL = "model";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String description() {
        return "Train a feed-forward network (DL4J) on a key-hashed split of the validated data";
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
    public static String splitOutput(String split) {
        return split + "_split";
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

        FeatureTransform transform;
        EncodedRows trainRows;
        EncodedRows validationRows;
        try {
            transform = FeatureTransform.fit(train, params.features());
            trainRows = EncodedRows.collect(train, transform, params.label(), params.positive(), params.key());
            validationRows = EncodedRows.collect(validation, transform, params.label(), params.positive(), params.key());
        } catch (IncompatibleInputException | EncodedRows.MissingLabelException e) {
            return StepResult.failed(e.getMessage()).build();
        }
        String emptiness = emptinessProblem(params, trainRows, validationRows);
        if (emptiness != null) return StepResult.failed(emptiness).build();
        ctx.log().info("training on {} rows ({} positive), validating on {}, {} inputs", trainRows.rows(),
                trainRows.positives(), validationRows.rows(), transform.width());

        TrainingPath path;
        try {
            path = TrainingPath.from(ctx.profile());
        } catch (IllegalArgumentException e) {
            return StepResult.failed(e.getMessage()).build();
        }
        ctx.log().info("training path: {}", path.name());
        int epochs = params.network().epochs();
        java.util.function.Consumer<EpochStats> onEpoch = e -> ctx.progress().advance(e.epoch(), epochs,
                String.format("val_auc %.3f val_loss %.4f", e.validationAuc(), e.validationLoss()));
        var trainer = new NetworkTrainer();
        var outcome = path.spark()
                ? trainer.train(params.network(), ctx.seed(), trainRows, validationRows,
                        new SparkEpochs(narrowed(train, params), transform, params.positive(), params.key(),
                                params.network().batchSize(), params.network().positiveWeight(),
                                path.averagingFrequency(), ctx.seed()), onEpoch)
                : trainer.train(params.network(), ctx.seed(), trainRows, validationRows, onEpoch);

        var descriptor = new ModelDescriptor(ModelDescriptor.FORMAT_VERSION, params.label(), params.positive(),
                params.key(), transform.spec(), 0.5, transform.width(), ctx.seed(), outcome.epochs().size(),
                outcome.bestEpoch(), params.network().asMap());
        Path modelDir = ctx.outputDir().resolve(MODEL);
        TrainedModel.of(descriptor, transform, outcome.network()).save(modelDir);

        var trainLoss = new ArrayList<Double>();
        var validationLoss = new ArrayList<Double>();
        var validationAuc = new ArrayList<Double>();
        for (EpochStats e : outcome.epochs()) {
            trainLoss.add(e.trainLoss());
            validationLoss.add(e.validationLoss());
            validationAuc.add(e.validationAuc());
        }
        double bestAuc = validationAuc.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return result.output(MODEL, modelDir)
                .report("environment", TrainingEnvironment.capture(spark, path.name()))
                .curve("train_loss", trainLoss)
                .curve("validation_loss", validationLoss)
                .curve("validation_auc", validationAuc)
                .metrics(Map.of(
                        "best_validation_auc", bestAuc,
                        "validation_auc", outcome.best().validationAuc(),
                        "validation_loss", outcome.best().validationLoss(),
                        "epochs_run", (double) outcome.epochs().size(),
                        "best_epoch", (double) outcome.bestEpoch(),
                        "samples_per_second", outcome.samplesPerSecond(),
                        "train_rows", (double) trainRows.rows(),
                        "validation_rows", (double) validationRows.rows(),
                        "input_width", (double) transform.width()))
                .message(String.format("%d epochs, best epoch %d, validation AUC %.4f", outcome.epochs().size(),
                        outcome.bestEpoch(), outcome.best().validationAuc()))
                .build();
    }

    /** The label first (the encoder's convention), then the features, then the key the epochs shuffle by. */
    private static Dataset<Row> narrowed(Dataset<Row> split, TrainParams params) {
        var columns = new ArrayList<org.apache.spark.sql.Column>();
        columns.add(org.apache.spark.sql.functions.col("`" + params.label() + "`"));
        params.features().columns().forEach(c -> columns.add(org.apache.spark.sql.functions.col("`" + c + "`")));
        columns.add(org.apache.spark.sql.functions.col("`" + params.key() + "`"));
        return split.select(columns.toArray(org.apache.spark.sql.Column[]::new));
    }

    /** A split without both classes cannot train or validate; say which and why instead of training on it. */
    private static String emptinessProblem(TrainParams params, EncodedRows train, EncodedRows validation) {
        if (train.positives() == 0) {
            return "no training row has " + params.label() + " = '" + params.positive()
                    + "' (check 'positive': it must match the label's value exactly, case included)";
        }
        if (train.positives() == train.rows()) {
            return "every training row has " + params.label() + " = '" + params.positive() + "': nothing to contrast";
        }
        if (validation.rows() == 0) {
            return "the validation split is empty: too few rows for split.validation = " + params.split().validation();
        }
        return null;
    }
}
