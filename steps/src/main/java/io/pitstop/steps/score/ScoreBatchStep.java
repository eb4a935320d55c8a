package io.pitstop.steps.score;

import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.ContractLoader;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.data.DatasetReader;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code score.batch}: scores an input table with the production model into a Delta table that
 * analysts read. The production version is resolved once, when the step starts, and used for the
 * whole step; its package is verified before it is loaded; the input is read against the model's
 * own input contract (shipped in the package), so a missing or retyped column fails with its name.
 * The predictions are staged and checked before one atomic Delta commit replaces the table.
 *
 * <pre>
 * - id: score
 *   uses: score.batch
 *   needs: [promote]
 *   with:
 *     input: data/telco_churn.csv
 *     table: .pitstop/tables/churn_predictions
 * </pre>
 */
public final class ScoreBatchStep implements Step<ScoreBatchStep.Params> {

    /**
     * @param input     the rows to score (CSV with a header), relative to the project
     * @param table     the Delta table the predictions replace, relative to the project
     * @param threshold decision threshold; default: the model's own
     */
    public record Params(String input, String table, Double threshold) {
        public Params {
            if (input == null || input.isBlank()) throw new IllegalArgumentException("'input' is required");
            if (table == null || table.isBlank()) throw new IllegalArgumentException("'table' is required");
            if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("'threshold' must be in [0, 1], was " + threshold);
            }
        }
    }

    @Override
    public String kind() {
        return "score.batch";
    }

    @Override
    public String description() {
        return "Scores an input with the production model into a Delta table, replaced in one atomic commit.";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Set<String> produces(Params params) {
        return Set.of("predictions_table", "table_version");
    }

    @Override
    public Map<String, String> externalInputs(Params params, StepContext ctx) {
        Path input = ctx.resolve(params.input());
        return Map.of(
                "input", Files.exists(input) ? Sha256.ofFile(input) : "missing",
                "production", production(ctx).map(v -> v.version() + ":" + v.manifestSha256()).orElse("none"));
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws Exception {
        String model = ctx.model().name();
        ModelVersion pinned = production(ctx).orElse(null);
        if (pinned == null) {
            return StepResult.failed("no version of model '" + model + "' is in production: nothing to score with"
                    + " (promote one first)").build();
        }
        ModelPackage pkg = ModelPackage.open(Path.of(pinned.packagePath()), PackageKeys.of(ctx.profile()));
        TrainedModel trained = TrainedModel.load(pkg.resolve("model"));
        Contract contract = ContractLoader.load(pkg.resolve("contract.yaml"));
        SparkSession spark = ctx.resource(SparkSession.class);
        ctx.progress().status("reading " + params.input() + " against the contract of " + model + " " + pinned.version());
        Dataset<Row> input = new DatasetReader(spark).read(ctx.resolve(params.input()), contract);

        double threshold = params.threshold() == null ? trained.descriptor().threshold() : params.threshold();
        Path table = ctx.resolve(params.table());
        var request = new BatchScoringRequest(trained.descriptor().key(), threshold, model, pinned.version(),
                ctx.runId(), ctx.clock().instant(), ctx.outputDir().resolve("staged"), table.toString());
        ctx.progress().status("scoring with " + model + " " + pinned.version());
        BatchScoringResult result = new BatchScorer().run(spark, trained, input, request);
        return StepResult.succeeded()
                .message(result.rows() + " rows scored by " + model + " " + pinned.version() + " into " + params.table()
                        + " (Delta version " + result.tableVersion() + ")")
                .output("predictions_table", table)
                .output("table_version", Long.toString(result.tableVersion()))
                .metric("rows", result.rows())
                .metric("seconds", result.duration().toMillis() / 1000.0)
                .build();
    }

    private static java.util.Optional<ModelVersion> production(StepContext ctx) {
        return ctx.registry().inStage(ctx.model().name(), Stage.PRODUCTION);
    }
}
