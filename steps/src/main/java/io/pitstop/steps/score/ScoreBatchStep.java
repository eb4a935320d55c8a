package io.pitstop.steps.score;

import io.pitstop.engine.contract.Severity;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.data.DatasetReader;
import io.pitstop.steps.data.ContractChecks;
import io.pitstop.steps.data.VerificationReport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code score.batch}: scores an input table with the production model into a Delta table that
 * analysts read. The production version is resolved once, when the runner fingerprints the step, and
 * that same version is used for the whole step (handed back through
 * {@link StepContext#resolvedInputs()}), so a promotion while the step runs changes nothing. Its
 * package is verified before it is loaded ({@link ScoringPackage}); the input is read against the
 * model's own input contract (shipped in the package) and its checks run, so a missing or retyped
 * column fails with its name and an empty input fails. Monitoring signals are judged before the
 * commit; predictions are written as uncommitted data files of the table and checked before one atomic
 * Delta commit replaces the table.
 * With {@code shadow_table}, the staging model scores the same rows into that table and the two are
 * compared.
 *
 * <pre>
 * - id: score
 *   uses: score.batch
 *   needs: [promote]
 *   with:
 *     input: data/telco_churn.csv
 *     table: .pitstop/tables/churn_predictions
 *     shadow_table: .pitstop/tables/churn_predictions_shadow
 *     monitoring:
 *       prediction_psi: { warning: 0.1, error: 0.25 }
 *       model_age_days: { warning: 30, error: 90 }
 * </pre>
 */
public final class ScoreBatchStep implements Step<ScoreBatchStep.Params> {

    static final String PRODUCTION = "production";
    static final String STAGING = "staging";

    /**
     * @param input       the rows to score (CSV with a header), relative to the project
     * @param table       the Delta table the predictions replace, relative to the project
     * @param threshold   decision threshold; default: the model's own
     * @param shadowTable where the staging model's predictions of the same rows go (never {@code table});
     *                    unset: no shadow scoring
     * @param monitoring  limits that make a run warn or fail; default {@link Monitoring#defaults()}
     */
    public record Params(String input, String table, Double threshold, String shadowTable, Monitoring monitoring) {
        public Params {
            if (input == null || input.isBlank()) throw new IllegalArgumentException("'input' is required");
            if (table == null || table.isBlank()) throw new IllegalArgumentException("'table' is required");
            if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("'threshold' must be in [0, 1], was " + threshold);
            }
            if (shadowTable != null && Path.of(shadowTable).normalize().equals(Path.of(table).normalize())) {
                throw new IllegalArgumentException("'shadow_table' must differ from 'table' (" + table
                        + "): shadow predictions never go into the analysts' table");
            }
            monitoring = monitoring == null ? Monitoring.defaults() : monitoring;
        }

        /** The same params scoring another input (the {@code score --input} override). */
        public Params withInput(String other) {
            return new Params(other, table, threshold, shadowTable, monitoring);
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

    /** The scoring input: a run that scores a file Git does not hold (and DVC does not version) is not reproducible. */
    @Override
    public Set<String> filesRead(Params params) {
        return Set.of(params.input());
    }

    @Override
    public Map<String, String> externalInputs(Params params, StepContext ctx) {
        Path input = ctx.resolve(params.input());
        var inputs = new java.util.TreeMap<String, String>();
        inputs.put("input", Files.exists(input) ? Sha256.ofFile(input) : "missing");
        inputs.put(PRODUCTION, pin(inStage(ctx, Stage.PRODUCTION)));
        if (params.shadowTable() != null) inputs.put(STAGING, pin(inStage(ctx, Stage.STAGING)));
        return inputs;
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws Exception {
        String model = ctx.model().name();
        ModelVersion pinned = pinned(ctx, PRODUCTION, Stage.PRODUCTION).orElse(null);
        if (pinned == null) {
            return StepResult.failed("no version of model '" + model + "' is in production: nothing to score with"
                    + " (promote one first)").build();
        }
        ScoringPackage champion = ScoringPackage.open(pinned, PackageStore.of(ctx.profile()), PackageKeys.of(ctx.profile()));
        SparkSession spark = ctx.resource(SparkSession.class);
        ctx.progress().status("reading " + params.input() + " against the contract of " + model + " " + pinned.version());
        Dataset<Row> input = new DatasetReader(spark).read(ctx.resolve(params.input()), champion.contract());
        if (input.isEmpty()) {
            return StepResult.failed("the input " + params.input() + " has no rows: nothing was scored and "
                    + params.table() + " is unchanged").build();
        }
        if (FaultPoint.READING.armed()) input = pauseMidScan(input);
        VerificationReport checks = ContractChecks.compile(champion.contract()).run(input);
        if (checks.status() == VerificationReport.Status.FAILED) {
            return StepResult.failed("the input " + params.input() + " breaks the input contract of " + model + " "
                            + pinned.version() + "; " + params.table() + " is unchanged: "
                            + checks.failures(Severity.ERROR).stream().map(VerificationReport.CheckOutcome::describe).toList())
                    .report("input_checks", checks.toJson()).build();
        }
        FaultPoint.INPUT_CHECKED.reach();

        var monitor = new ScoringMonitor(params.monitoring());
        var details = new java.util.LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode>();
        var signals = new ArrayList<>(monitor.beforeScoring(input, champion, ctx.clock().instant(), details));
        Optional<StepResult> refused = refuse(signals, params, details, pinned, ctx, 0);
        if (refused.isPresent()) return refused.get();

        // A path relative to the project, or a filesystem URI (hdfs://, s3a://) used as it is.
        String table = ctx.stateLocation(params.table());
        var scorer = new BatchScorer();
        ctx.progress().status("scoring with " + model + " " + pinned.version());
        StagedPredictions staged = scorer.stage(spark, champion.model(), input,
                request(params, champion, ctx, table));
        StagedPredictions shadow = null;
        BatchScoringResult result;
        Map<String, Double> shadowMetrics = new java.util.TreeMap<>();
        boolean committed = false;
        // Staged files are in no table version; whatever stops the run before its commits deletes them.
        try {
            signals.add(monitor.afterStaging(staged));
            refused = refuse(signals, params, details, pinned, ctx, staged.rows());
            if (refused.isPresent()) return refused.get();

            if (params.shadowTable() != null) {
                ModelVersion challenger = pinned(ctx, STAGING, Stage.STAGING).orElse(null);
                if (challenger == null) {
                    details.put("shadow", com.fasterxml.jackson.databind.node.TextNode.valueOf(
                            "not run: no version of '" + model + "' is in staging"));
                } else {
                    ScoringPackage challengerPkg = ScoringPackage.open(challenger, PackageStore.of(ctx.profile()), PackageKeys.of(ctx.profile()));
                    ctx.progress().status("shadow scoring with " + model + " " + challenger.version());
                    shadow = scorer.stage(spark, challengerPkg.model(), input,
                            request(params, challengerPkg, ctx, ctx.stateLocation(params.shadowTable())));
                    ShadowComparison comparison = ShadowComparison.of(spark, staged, shadow);
                    details.put("shadow", comparison.toJson());
                    shadowMetrics.put("shadow_decision_agreement", comparison.decisionAgreement());
                    shadowMetrics.put("shadow_score_correlation", comparison.scoreCorrelation());
                    shadowMetrics.put("shadow_score_psi", comparison.scorePsi());
                }
            }

            result = scorer.commit(spark, staged);
            committed = true;
            if (shadow != null) scorer.commit(spark, shadow);
            shadow = null;
        } finally {
            if (!committed) scorer.discard(spark, staged);
            if (shadow != null) scorer.discard(spark, shadow);
        }

        var report = new MonitoringReport(model, pinned.version(), ctx.runId(), result.rows(),
                result.duration().toMillis() / 1000.0, signals, details);
        PrometheusTextfile.write(metricsFile(params, ctx), report, ctx.pipelineName(),
                ctx.clock().instant().getEpochSecond(), shadowMetrics);
        List<Signal> warnings = report.at(Limit.Level.WARNING);
        var builder = StepResult.succeeded()
                .message(result.rows() + " rows scored by " + model + " " + pinned.version() + " into " + params.table()
                        + " (Delta version " + result.tableVersion() + ")"
                        + (warnings.isEmpty() ? "" : "; warnings: " + describe(warnings)))
                .output("predictions_table", table)
                .output("table_version", Long.toString(result.tableVersion()))
                .metric("rows", result.rows())
                .metric("seconds", result.duration().toMillis() / 1000.0)
                .metrics(shadowMetrics)
                .report("monitoring", report.toJson());
        for (Signal s : signals) if (!Double.isNaN(s.value())) builder.metric(s.name(), s.value());
        return builder.build();
    }

    /**
     * Test-only: the first task that scans the input stops at {@link FaultPoint#READING} once
     * {@link FaultPoint#READING_ROWS} rows have passed, so a fault test kills the process mid-scan.
     */
    private static Dataset<Row> pauseMidScan(Dataset<Row> rows) {
        org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row> pause = it -> new java.util.Iterator<>() {
            private int passed;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                if (++passed == FaultPoint.READING_ROWS) FaultPoint.READING.reach();
                return it.next();
            }
        };
        return rows.mapPartitions(pause, org.apache.spark.sql.Encoders.row(rows.schema()));
    }

    /** A failed result when any signal reached its error line; the table has not been touched. */
    private static Optional<StepResult> refuse(List<Signal> signals, Params params,
                                               Map<String, com.fasterxml.jackson.databind.JsonNode> details,
                                               ModelVersion pinned, StepContext ctx, long rows) {
        List<Signal> errors = signals.stream().filter(s -> s.level() == Limit.Level.ERROR).toList();
        if (errors.isEmpty()) return Optional.empty();
        var report = new MonitoringReport(ctx.model().name(), pinned.version(), ctx.runId(), rows, 0, signals, details);
        return Optional.of(StepResult.failed("monitoring stopped the run before the commit; " + params.table()
                + " is unchanged: " + describe(errors)).report("monitoring", report.toJson()).build());
    }

    private static String describe(List<Signal> signals) {
        return signals.stream().map(s -> s.name() + " " + String.format(java.util.Locale.ROOT, "%.4f", s.value())
                + " (" + s.detail() + ")").toList().toString();
    }

    private static BatchScoringRequest request(Params params, ScoringPackage pkg, StepContext ctx, String table) {
        double threshold = params.threshold() == null ? pkg.model().descriptor().threshold() : params.threshold();
        return new BatchScoringRequest(pkg.model().descriptor().key(), threshold, pkg.version().model(),
                pkg.version().version(), ctx.runId(), ctx.clock().instant(), table);
    }

    private static Path metricsFile(Params params, StepContext ctx) {
        String configured = params.monitoring().metricsFile();
        return configured != null ? Path.of(ctx.stateLocation(configured))
                : ctx.profile().stateDir().resolve("metrics").resolve(ctx.pipelineName() + "-" + ctx.stepId() + ".prom");
    }

    /**
     * The version fingerprinted for this step ({@code version:manifest-sha}), looked up by version so a
     * stage change since then does not matter; resolved now only when the step runs without a runner.
     */
    static Optional<ModelVersion> pinned(StepContext ctx, String name, Stage stage) {
        String pin = ctx.resolvedInputs().get(name);
        if (pin == null) return inStage(ctx, stage);
        if (pin.equals("none")) return Optional.empty();
        String version = pin.substring(0, pin.indexOf(':'));
        String sha = pin.substring(pin.indexOf(':') + 1);
        ModelVersion v = ctx.registry().find(ctx.model().name(), version).orElseThrow(() -> new IllegalStateException(
                "model '" + ctx.model().name() + "' " + version + " was pinned for this run but is no longer registered"));
        if (!sha.equals(String.valueOf(v.manifestSha256()))) {
            throw new IllegalStateException("model '" + ctx.model().name() + "' " + version + " was pinned with manifest "
                    + sha + " but the registry now has " + v.manifestSha256());
        }
        return Optional.of(v);
    }

    private static String pin(Optional<ModelVersion> v) {
        return v.map(m -> m.version() + ":" + m.manifestSha256()).orElse("none");
    }

    private static Optional<ModelVersion> inStage(StepContext ctx, Stage stage) {
        return ctx.registry().inStage(ctx.model().name(), stage);
    }
}
