package io.pitstop.steps.outcomes;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.ContractLoader;
import io.pitstop.engine.contract.Severity;
import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.predictions.PredictionTables;
import io.pitstop.engine.predictions.TableVersion;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.OutcomeIntake;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.ValidationContext;
import io.pitstop.steps.dataset.ContractChecks;
import io.pitstop.steps.dataset.CsvFormatException;
import io.pitstop.steps.dataset.DatasetReader;
import io.pitstop.steps.dataset.SchemaMismatchException;
import io.pitstop.steps.dataset.VerificationReport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.pitstop.steps.spark.ColumnNames.column;

/**
 * {@code outcomes.join}: takes in a file of outcomes that arrived after the predictions were made (a key,
 * the outcome, when it became known), holds it to its outcome contract (a bad value is named by
 * file:line and column, a failed check by its column), adds it to the outcomes table (one Delta commit;
 * a key given two outcomes is refused, naming the key), and joins every stored outcome to the prediction
 * its key had when the outcome became known ({@link AsOfJoin}, over the prediction table's history), to
 * report the realised performance of each model version and scoring run ({@link RealisedPerformance}).
 * Outcomes no earlier prediction matches are counted and named, never dropped unseen.
 *
 * <p>{@code ./pitstop outcomes add <file>} runs this step alone with that file ({@link OutcomeIntake}).
 */
public final class OutcomesJoinStep implements Step<OutcomesJoinParams>, OutcomeIntake<OutcomesJoinParams> {

    public static final String REALISED_PERFORMANCE = RealisedPerformance.ARTIFACT.name();

    @Override
    public String kind() {
        return "outcomes.join";
    }

    @Override
    public String description() {
        return "Add outcomes that arrived later and join them to the predictions made before them: realised performance per model version.";
    }

    @Override
    public Class<OutcomesJoinParams> paramsType() {
        return OutcomesJoinParams.class;
    }

    @Override
    public Set<String> produces(OutcomesJoinParams params) {
        return Set.of(REALISED_PERFORMANCE);
    }

    @Override
    public String input(OutcomesJoinParams params) {
        return params.input();
    }

    @Override
    public OutcomesJoinParams withInput(OutcomesJoinParams params, String input) {
        return params.withInput(input);
    }

    @Override
    public List<Problem> validate(OutcomesJoinParams params, ValidationContext ctx) {
        List<Problem> problems = new ArrayList<>();
        ctx.pathProblem("/input", params.input()).ifPresent(problems::add);
        ctx.pathProblem("/table", params.table()).ifPresent(problems::add);
        ctx.pathProblem("/outcomes_table", params.outcomesTable()).ifPresent(problems::add);
        var refused = ctx.pathProblem("/contract", params.contract());
        if (refused.isPresent()) {
            problems.add(refused.get());
            return problems;
        }
        Path file = ctx.resolve(params.contract());
        if (!Files.isRegularFile(file)) {
            problems.add(ctx.problemAt("/contract", "contract file " + params.contract() + " does not exist (resolved to "
                    + file + ")"));
            return problems;
        }
        Contract contract;
        try {
            contract = ContractLoader.load(file);
        } catch (SpecException e) {
            problems.addAll(e.problems());
            return problems;
        }
        for (var named : List.of(Map.entry("/key", params.key()), Map.entry("/outcome", params.outcome()),
                Map.entry("/known_at", params.knownAt()))) {
            if (contract.column(named.getValue()).isEmpty()) {
                problems.add(ctx.problemAt(named.getKey(), named.getKey().substring(1) + ": the outcome contract "
                        + params.contract() + " declares no column " + named.getValue() + "; its columns: "
                        + contract.columns().stream().map(ColumnSpec::name).toList()));
            }
        }
        allowedOutcomes(contract, params.outcome()).filter(values -> !values.contains(params.positive()))
                .ifPresent(values -> problems.add(ctx.problemAt("/positive", "positive: '" + params.positive()
                        + "' is not among the values " + params.contract() + " allows for " + params.outcome() + ": "
                        + values + nearMatch(params.positive(), values))));
        contract.column(params.knownAt()).map(ColumnSpec::type)
                .filter(t -> t != ColumnType.TIMESTAMP && t != ColumnType.DATE)
                .ifPresent(t -> problems.add(ctx.problemAt("/known_at", "known_at: column " + params.knownAt()
                        + " is declared " + t.yamlName() + " in " + params.contract() + "; expected timestamp or date")));
        return problems;
    }

    @Override
    public Set<String> filesRead(OutcomesJoinParams params) {
        return Set.of(params.contract(), params.input());
    }

    /** The file, the contract and both tables' versions: a new scoring run or new outcomes measure again. */
    @Override
    public Map<String, String> externalInputs(OutcomesJoinParams params, StepContext ctx) throws IOException {
        var inputs = new LinkedHashMap<String, String>();
        inputs.put("input_sha256", Sha256.of(ctx.resolve(params.input())));
        inputs.put("contract_sha256", Sha256.of(ctx.resolve(params.contract())));
        PredictionTables tables = ctx.resource(PredictionTables.class);
        for (var table : List.of(Map.entry("table_version", params.table()),
                Map.entry("outcomes_table_version", params.outcomesTable()))) {
            String location = ctx.stateLocation(table.getValue());
            inputs.put(table.getKey(), tables.isTable(location)
                    ? Long.toString(tables.history(location).get(0).version()) : "none");
        }
        return inputs;
    }

    @Override
    public StepResult run(OutcomesJoinParams params, StepContext ctx) throws IOException {
        Contract contract = ContractLoader.load(ctx.resolve(params.contract()));
        Path csv = ctx.resolve(params.input());
        SparkSession spark = ctx.resource(SparkSession.class);
        PredictionTables tables = ctx.resource(PredictionTables.class);
        String table = ctx.stateLocation(params.table());
        if (!tables.isTable(table)) {
            return StepResult.failed("no prediction table at " + params.table() + " to join outcomes to; "
                    + "score first (./pitstop score)").build();
        }
        // Refused before any outcome is stored. Realised performance is measured for binary classifiers (a score
        // and a 0/1 decision); a multiclass or regression model's table has no decision column, and a Spark
        // analysis error would not say why.
        if (!java.util.Arrays.asList(spark.read().format("delta").load(table).columns()).contains(PredictionHistory.DECISION)) {
            return StepResult.failed(params.table() + " has no '" + PredictionHistory.DECISION + "' column: outcomes.join"
                    + " measures binary classifiers' predictions only (this table was written by a multiclass or"
                    + " regression model)").build();
        }

        ctx.progress().status("reading " + params.input() + " against " + params.contract());
        Dataset<Row> file;
        try {
            file = new DatasetReader(spark).read(csv, contract);
        } catch (SchemaMismatchException e) {
            return StepResult.failed(e.getMessage()).metric("schema_problems", e.total()).build();
        } catch (CsvFormatException e) {
            return StepResult.failed(csv + " cannot be read as CSV text: " + e.getMessage()).build();
        }
        VerificationReport checks = ContractChecks.compile(contract).run(file);
        var errors = checks.failures(Severity.ERROR);
        if (!errors.isEmpty()) {
            return StepResult.failed(params.input() + " broke " + errors.size() + " error check(s) of " + params.contract()
                            + ":\n" + errors.stream().map(o -> "  " + o.describe()).collect(Collectors.joining("\n")))
                    .report("verification", checks.toJson()).build();
        }
        Dataset<Row> batch = file.select(column(params.key()),
                column(params.outcome()).cast("string").as(OutcomeStore.OUTCOME),
                column(params.knownAt()).cast("timestamp").as(OutcomeStore.KNOWN_AT));
        long nulls = batch.filter(column(params.key()).isNull().or(functions.col(OutcomeStore.OUTCOME).isNull())
                .or(functions.col(OutcomeStore.KNOWN_AT).isNull())).count();
        if (nulls > 0) {
            return StepResult.failed(params.input() + ": " + nulls + " row(s) without a " + params.key() + ", "
                    + params.outcome() + " or " + params.knownAt() + "; an outcome needs all three").build();
        }

        var store = new OutcomeStore(spark, ctx.stateLocation(params.outcomesTable()), params.key());
        PositiveEvidence positive = unknownPositive(params, contract, batch, store);
        if (positive.refusal() != null) return StepResult.failed(positive.refusal()).build();
        if (positive.warning() != null) ctx.log().warn(positive.warning());
        OutcomeStore.Intake intake = store.add(batch, ctx.runId(), params.input());
        if (intake.refusal().isPresent()) {
            return StepResult.failed(intake.refusal().get() + "; nothing was added to " + params.outcomesTable()).build();
        }

        ctx.progress().status("joining outcomes to the predictions of " + params.table());
        Dataset<Row> predictions = PredictionHistory.read(spark, tables, table, params.key(), params.slices());
        if (predictions == null) {
            return StepResult.failed(params.table() + " holds no scoring run's predictions to join outcomes to").build();
        }
        var measured = new RealisedMeasure(params.key(), params.slices()).measure(predictions, store.current(), params.positive());
        long total = store.current().count();
        var report = new RealisedPerformance(RealisedPerformance.FORMAT_VERSION, ctx.model().name(), params.positive(),
                params.table(), params.outcomesTable(), intake.version(), total, ctx.clock().instant(),
                measured.unmatched(), measured.unmatchedKeys(), measured.byModelVersion(), measured.byRun(), measured.slices());
        Path out = ctx.outputDir().resolve(RealisedPerformance.FILE_NAME);
        report.write(out);
        Path metrics = RealisedPerformanceTextfile.defaultFile(ctx.profile().stateDir(), ctx.pipelineName(), ctx.stepId());
        RealisedPerformanceTextfile.write(metrics, report, ctx.pipelineName());

        long judged = measured.byModelVersion().stream().mapToLong(RealisedPerformance.Group::judged).sum();
        long waiting = measured.byModelVersion().stream().mapToLong(RealisedPerformance.Group::waiting).sum();
        return StepResult.succeeded()
                .message(message(params, intake, report, judged, waiting)
                        + (positive.warning() == null ? "" : "\n  warning: " + positive.warning()))
                .output(REALISED_PERFORMANCE, out)
                .metric("outcomes_added", intake.added())
                .metric("outcomes_already_stored", intake.alreadyStored())
                .metric("outcomes_unmatched", measured.unmatched())
                .metric("predictions_judged", judged)
                .metric("predictions_waiting", waiting)
                .report(REALISED_PERFORMANCE, report.toJson())
                .build();
    }

    /**
     * The outcome values the contract allows ({@code allowed_values} checks of error severity on the outcome
     * column; the values every such check allows), if it declares any.
     */
    static Optional<java.util.Set<String>> allowedOutcomes(Contract contract, String outcome) {
        java.util.Set<String> allowed = null;
        for (var check : contract.checks()) {
            if (check instanceof io.pitstop.engine.contract.CheckSpec.AllowedValues a && a.column().equals(outcome)
                    && a.severity() == Severity.ERROR) {
                if (allowed == null) allowed = new java.util.TreeSet<>(a.values());
                else allowed.retainAll(a.values());
            }
        }
        return Optional.ofNullable(allowed);
    }

    /** What the outcomes seen so far say about the positive value: a refusal, a warning, or neither (both null). */
    record PositiveEvidence(String refusal, String warning) {
    }

    /**
     * The positive value is compared as text: a typo ("yes" for "Yes") would make every outcome negative and
     * every number wrong without a word. Checked at {@code check} against the values the contract allows;
     * without such a declaration, here against the values seen so far (this file and the stored outcomes).
     * <p>
     * A positive value not seen is refused only when the evidence says it is a mistake: two or more distinct
     * values seen (the column's classes are there, and positive is none of them), or a seen value equal to it
     * ignoring case and surrounding whitespace. One value seen and no near match is what a rare positive looks
     * like early on (a fraud model's first weekly batch, every outcome negative): stored, with a warning.
     */
    private static PositiveEvidence unknownPositive(OutcomesJoinParams params, Contract contract, Dataset<Row> batch,
                                                    OutcomeStore store) {
        if (allowedOutcomes(contract, params.outcome()).isPresent()) return new PositiveEvidence(null, null);
        Dataset<Row> outcomes = batch.select(OutcomeStore.OUTCOME);
        if (store.exists()) outcomes = outcomes.union(store.current().select(OutcomeStore.OUTCOME));
        var seen = new java.util.TreeSet<String>(outcomes.distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        if (seen.contains(params.positive())) return new PositiveEvidence(null, null);
        String where = "positive: '" + params.positive() + "' is not among the values of column " + params.outcome()
                + " in " + params.input() + (store.exists() ? " and the outcomes stored so far" : "") + ": " + seen;
        String near = nearMatch(params.positive(), seen);
        if (seen.size() >= 2 || !near.isEmpty()) {
            return new PositiveEvidence(where + near + "; nothing was added to " + params.outcomesTable()
                    + " (if no outcome has been positive yet, declare the column's values with an allowed_values check"
                    + " in " + params.contract() + ", and positive is checked against those instead)", null);
        }
        return new PositiveEvidence(null, where + "; stored anyway, as every outcome so far is negative (a rare"
                + " positive class); if '" + params.positive() + "' is a typo, every number here is wrong: declare the"
                + " column's values with an allowed_values check in " + params.contract() + " to have it checked");
    }

    private static String nearMatch(String positive, java.util.Collection<String> values) {
        return values.stream().filter(v -> v.strip().equalsIgnoreCase(positive.strip())).findFirst()
                .map(v -> "; did you mean '" + v + "'?").orElse("");
    }

    private static String message(OutcomesJoinParams params, OutcomeStore.Intake intake, RealisedPerformance report,
                                  long judged, long waiting) {
        var text = new StringBuilder(intake.added() + " outcome(s) added to " + params.outcomesTable() + " (version "
                + intake.version() + ")");
        if (intake.alreadyStored() > 0) text.append(", ").append(intake.alreadyStored()).append(" already there");
        text.append("; ").append(judged).append(" prediction(s) judged, ").append(waiting).append(" waiting");
        for (var group : report.byModelVersion()) {
            text.append("\n  ").append(report.model()).append(' ').append(group.modelVersion()).append(": ")
                    .append(group.judged()).append(" judged");
            if (!Double.isNaN(group.auc().value())) {
                text.append(String.format(java.util.Locale.ROOT, ", AUC %.3f [%.3f, %.3f]", group.auc().value(),
                        group.auc().lower(), group.auc().upper()));
            }
        }
        if (report.unmatched() > 0) {
            text.append("\n  ").append(report.unmatched()).append(" outcome(s) match no prediction made before them")
                    .append(" (a key never scored, or first scored after its outcome was known): ")
                    .append(params.key()).append(' ').append(String.join(", ", report.unmatchedKeys()))
                    .append(report.unmatched() > report.unmatchedKeys().size() ? ", ..." : "");
        }
        return text.toString();
    }
}
