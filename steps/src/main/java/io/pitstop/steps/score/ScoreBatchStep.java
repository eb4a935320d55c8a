package io.pitstop.steps.score;

import io.pitstop.engine.artifact.PackageOutputs;
import io.pitstop.engine.artifact.PredictionTableOutputs;
import io.pitstop.engine.contract.Severity;
import io.pitstop.engine.conf.TableRetention;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.InvalidParameterException;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.dataset.ContractChecks;
import io.pitstop.steps.dataset.DatasetReader;
import io.pitstop.steps.dataset.VerificationReport;
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
 *     canary: { model: staging, share: 0.1 }   # instead of shadow_table: see {@link Canary}
 *     monitoring:
 *       prediction_psi: { warning: 0.1, error: 0.25 }
 *       model_age_days: { warning: 30, error: 90 }
 * </pre>
 */
public final class ScoreBatchStep implements Step<ScoreBatchStep.Params>, io.pitstop.engine.step.InputScoring<ScoreBatchStep.Params> {

    static final String PRODUCTION = "production";
    static final String STAGING = "staging";
    static final String CANDIDATE = "candidate";
    static final String CANARY = "canary";
    /** The package step's outputs a rehearsal reads. */

    /** Columns every prediction table has; a carried column may not take one of these names. */
    static final Set<String> OUTPUT_COLUMNS = Set.of("score", "decision", "prediction", "probabilities",
            "model_name", "model_version", "run_id", "scored_at");

    /**
     * @param input       the rows to score (CSV with a header), relative to the project. It needs the model's
     *                    key and features (and the carried columns); a label or any other column is ignored
     * @param table       the Delta table the predictions go to, relative to the project
     * @param shadowTable where the staging model's predictions of the same rows go (never {@code table});
     *                    unset: no shadow scoring
     * @param monitoring  limits that make a run warn or fail; default {@link Monitoring#defaults()}
     * @param carry       input columns copied unchanged into the table after the key (e.g. a segment
     *                    analysts filter on); default none
     * @param mode        how the predictions enter the table: {@code replace} (default), {@code append} or
     *                    {@code merge} (upsert by key); see {@link WriteMode}
     * @param model       {@code production} (default): score with the production version and commit;
     *                    {@code candidate}: a rehearsal before promotion, with the package an upstream
     *                    {@code release.package} step built in this run — every input check, monitoring signal
     *                    and prediction check runs, and nothing is committed
     * @param canary      a challenger that scores a share of the keys in the same table ({@link Canary});
     *                    unset: the production model scores every row
     */
    @io.pitstop.engine.step.MovedParameter(key = "threshold", to = io.pitstop.engine.step.DecisionThreshold.DECLARED_AT
            + " (a package decides at the threshold recorded in it)")
    public record Params(String input, String table, String shadowTable, Monitoring monitoring,
                         List<String> carry, String mode, String model, Canary canary) {
        public Params {
            if (input == null || input.isBlank()) throw new IllegalArgumentException("'input' is required");
            if (table == null || table.isBlank()) throw new IllegalArgumentException("'table' is required");
            if (shadowTable != null && Path.of(shadowTable).normalize().equals(Path.of(table).normalize())) {
                throw new IllegalArgumentException("'shadow_table' must differ from 'table' (" + table
                        + "): shadow predictions never go into the analysts' table");
            }
            monitoring = monitoring == null ? Monitoring.defaults() : monitoring;
            carry = carry == null ? List.of() : List.copyOf(carry);
            var seen = new java.util.HashSet<String>();
            for (int i = 0; i < carry.size(); i++) {
                String c = carry.get(i);
                if (c == null || c.isBlank()) throw new InvalidParameterException("carry/" + i, "carry[" + i + "] is blank");
                if (!seen.add(c)) throw new InvalidParameterException("carry/" + i, "carry lists '" + c + "' twice");
                if (OUTPUT_COLUMNS.contains(c)) {
                    throw new InvalidParameterException("carry/" + i, "carry: '" + c + "' is a column every prediction"
                            + " table has " + new java.util.TreeSet<>(OUTPUT_COLUMNS) + "; it cannot be carried");
                }
            }
            String declared = mode;
            mode = WriteMode.parse(mode == null ? WriteMode.REPLACE.yamlName() : mode).orElseThrow(() ->
                    new InvalidParameterException("mode", "mode '" + declared + "' is not one of "
                            + java.util.Arrays.stream(WriteMode.values()).map(WriteMode::yamlName).toList()))
                    .yamlName();
            model = model == null ? PRODUCTION : model;
            if (!model.equals(PRODUCTION) && !model.equals(CANDIDATE)) {
                throw new InvalidParameterException("model", "model '" + model + "' is not one of [" + PRODUCTION + ", "
                        + CANDIDATE + "]");
            }
            if (model.equals(CANDIDATE) && shadowTable != null) {
                throw new InvalidParameterException("shadow_table", "shadow_table is for scoring with the production"
                        + " model; a candidate rehearsal writes no table");
            }
            if (canary != null && model.equals(CANDIDATE)) {
                throw new InvalidParameterException("canary", "canary is for scoring with the production model; a"
                        + " candidate rehearsal writes no table");
            }
            if (canary != null && shadowTable != null) {
                throw new InvalidParameterException("canary", "canary and shadow_table both score with a challenger;"
                        + " declare one (a canary's rows are in the table, a shadow's in a table of its own)");
            }
        }

        public Params(String input, String table, String shadowTable, Monitoring monitoring,
                      List<String> carry, String mode, String model) {
            this(input, table, shadowTable, monitoring, carry, mode, model, null);
        }

        /** Production scoring, replacing the table, carrying nothing: the parameters before the later ones. */
        public Params(String input, String table, String shadowTable, Monitoring monitoring) {
            this(input, table, shadowTable, monitoring, null, null, null);
        }

        public Params(String input, String table, String shadowTable, Monitoring monitoring,
                      List<String> carry, String mode) {
            this(input, table, shadowTable, monitoring, carry, mode, null);
        }

        /** The same params scoring another input (the {@code score --input} override). */
        public Params withInput(String other) {
            return new Params(other, table, shadowTable, monitoring, carry, mode, model, canary);
        }

        /** A rehearsal with the run's candidate package: nothing is committed. */
        public boolean rehearsal() {
            return model.equals(CANDIDATE);
        }

        public WriteMode writeMode() {
            return WriteMode.parse(mode).orElseThrow();
        }
    }

    @Override
    public String input(Params params) {
        return params.input();
    }

    @Override
    public Params withInput(Params params, String input) {
        return params.withInput(input);
    }

    @Override
    public Params withMode(Params params, String mode) {
        return new Params(params.input(), params.table(), params.shadowTable(), params.monitoring(), params.carry(), mode,
                params.model(), params.canary());
    }

    @Override
    public boolean rehearsal(Params params) {
        return params.rehearsal();
    }

    @Override
    public String kind() {
        return "score.batch";
    }

    @Override
    public String description() {
        return "Scores an input with the production model into a Delta table: replaced, appended to or merged by key,"
                + " in one atomic commit.";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Set<String> consumes(Params params) {
        return params.rehearsal() ? Set.of(PackageOutputs.PACKAGE.name()) : Set.of();
    }

    @Override
    public Set<String> produces(Params params) {
        return params.rehearsal() ? Set.of() : Set.of(PredictionTableOutputs.TABLE.name(), PredictionTableOutputs.VERSION.name());
    }

    /**
     * Every path the step reads or writes stays in the project (or under an allowed root, or is a URI
     * with a scheme): a {@code table: ../../etc/x} is refused at {@code check}, before anything is written.
     */
    @Override
    public List<io.pitstop.engine.step.Problem> validate(Params params, io.pitstop.engine.step.ValidationContext ctx) {
        var problems = new ArrayList<io.pitstop.engine.step.Problem>();
        ctx.pathProblem("/input", params.input()).ifPresent(problems::add);
        ctx.pathProblem("/table", params.table()).ifPresent(problems::add);
        ctx.pathProblem("/shadow_table", params.shadowTable()).ifPresent(problems::add);
        ctx.pathProblem("/monitoring/metrics_file", params.monitoring().metricsFile()).ifPresent(problems::add);
        return problems;
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
        inputs.put("input", Files.isRegularFile(input) ? Sha256.ofFile(input) : "missing");
        // A rehearsal's model is its upstream package, fingerprinted with the upstream steps.
        if (params.rehearsal()) return inputs;
        inputs.put(PRODUCTION, pin(inStage(ctx, Stage.PRODUCTION)));
        if (params.shadowTable() != null) inputs.put(STAGING, pin(inStage(ctx, Stage.STAGING)));
        if (params.canary() != null) inputs.put(CANARY, pin(declaredCanary(ctx, params.canary())));
        return inputs;
    }

    /**
     * A reused scoring reports the predictions table's version now, not the one the earlier run committed,
     * and counts as this run's success in the metrics file (its other numbers stay the committed run's).
     */
    @Override
    public StepResult cachedResult(Params params, Map<String, String> outputs, StepContext ctx) throws java.io.IOException {
        var result = StepResult.succeeded();
        outputs.forEach(result::output);
        String table = outputs.get(PredictionTableOutputs.TABLE.name());
        if (table == null) return result.build();
        long now = new BatchScorer().currentVersion(ctx.resource(SparkSession.class), table);
        PrometheusTextfile.markSuccess(metricsFile(params, ctx), ctx.pipelineName(), ctx.model().name(),
                ctx.clock().instant().getEpochSecond());
        return result.output(PredictionTableOutputs.VERSION.name(), Long.toString(now))
                .message(params.table() + " is at Delta version " + now).build();
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws Exception {
        String model = ctx.model().name();
        ScoringPackage champion = params.rehearsal() ? candidate(ctx) : null;
        ModelVersion pinned = params.rehearsal() ? champion.version()
                : pinned(ctx, PRODUCTION, Stage.PRODUCTION).orElse(null);
        if (pinned == null) {
            return StepResult.failed("no version of model '" + model + "' is in production: nothing to score with"
                    + " (promote one first)").build();
        }
        SparkSession spark = ctx.resource(SparkSession.class);
        // A path relative to the project, or a filesystem URI (hdfs://, s3a://) used as it is.
        String table = ctx.stateLocation(params.table());
        var scorer = new BatchScorer();
        Optional<Long> landed = params.rehearsal() ? Optional.empty() : scorer.committedBy(spark, table, ctx.runId(), ctx.stepId());
        if (landed.isPresent()) {
            // A retry of a run whose commit landed before it could report success: nothing is scored or written twice.
            PrometheusTextfile.markSuccess(metricsFile(params, ctx), ctx.pipelineName(), model, ctx.clock().instant().getEpochSecond());
            return StepResult.succeeded()
                    .message("the predictions of run " + ctx.runId() + " are already in " + params.table()
                            + " (Delta version " + landed.get() + "); nothing was written again")
                    .output(PredictionTableOutputs.TABLE.name(), table)
                    .output(PredictionTableOutputs.VERSION.name(), Long.toString(landed.get()))
                    .build();
        }
        if (champion == null) {
            champion = ScoringPackage.open(pinned, PackageStore.of(ctx.profile()), PackageKeys.of(ctx.profile()));
        }
        var descriptor = champion.model().descriptor();
        if (params.carry().contains(descriptor.key())) {
            throw new InvalidParameterException("carry/" + params.carry().indexOf(descriptor.key()), "carry: '"
                    + descriptor.key() + "' is the key of " + model + " " + pinned.version()
                    + "; every prediction table has it already");
        }
        var inputContract = ScoringInput.contract(champion.contract(), descriptor, params.carry());
        ctx.progress().status("reading " + params.input() + " against the input contract of " + model + " "
                + pinned.version());
        Dataset<Row> input = new DatasetReader(spark).readDeclared(ctx.resolve(params.input()), inputContract);
        if (input.isEmpty()) {
            return StepResult.failed("the input " + params.input() + " has no rows: nothing was scored and "
                    + params.table() + " is unchanged").build();
        }
        if (FaultPoint.READING.armed()) input = pauseMidScan(input);
        VerificationReport checks = ContractChecks.compile(inputContract).run(input);
        if (checks.status() == VerificationReport.Status.FAILED) {
            return StepResult.failed("the input " + params.input() + " breaks the input contract of " + model + " "
                            + pinned.version() + "; " + params.table() + " is unchanged: "
                            + checks.failures(Severity.ERROR).stream().map(VerificationReport.CheckOutcome::describe).toList())
                    .report("input_checks", checks.toJson()).build();
        }
        FaultPoint.INPUT_CHECKED.reach();

        var monitor = new ScoringMonitor(params.monitoring(), champion.contract().drift());
        var details = new java.util.LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode>();
        var signals = new ArrayList<>(monitor.beforeScoring(input, champion, ctx.clock().instant(), details));
        Optional<StepResult> refused = refuse(signals, params, details, pinned, ctx, 0);
        if (refused.isPresent()) return refused.get();

        ctx.progress().status("scoring with " + model + " " + pinned.version());
        // An append or merge into a table of other columns throws IncompatibleTableException (exit 2).
        ScoringPackage canary = params.canary() == null ? null : canary(params.canary(), pinned, champion, input, details, ctx);
        StagedPredictions staged = scorer.stage(spark, champion.model(), input, request(params, champion, ctx, table),
                canary == null ? null : new ChallengerArm(canary.model(), canary.version().version(),
                        canary.model().descriptor().decisionThreshold().value(), params.canary().split()));
        StagedPredictions shadow = null;
        BatchScoringResult result;
        Map<String, Double> shadowMetrics = new java.util.TreeMap<>();
        boolean committed = false;
        // Staged files are in no table version; whatever stops the run before its commits deletes them.
        try {
            if (canary != null) {
                CanaryRows arms = CanaryRows.of(spark, staged, pinned.version(), canary.version().version(),
                        params.canary().share());
                details.put(CANARY, arms.toJson());
            }
            signals.add(monitor.afterStaging(staged));
            refused = refuse(signals, params, details, pinned, ctx, staged.rows());
            if (refused.isPresent()) return refused.get();
            if (params.rehearsal()) return rehearsed(staged, signals, details, pinned, params, ctx);

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

        vacuum(scorer, spark, table, ctx);
        if (params.shadowTable() != null) vacuum(scorer, spark, ctx.stateLocation(params.shadowTable()), ctx);
        var report = new MonitoringReport(model, pinned.version(), ctx.runId(), result.rows(),
                result.duration().toMillis() / 1000.0, signals, details);
        PrometheusTextfile.write(metricsFile(params, ctx), report, ctx.pipelineName(),
                ctx.clock().instant().getEpochSecond(), shadowMetrics);
        List<Signal> warnings = report.at(Limit.Level.WARNING);
        var builder = StepResult.succeeded()
                .message(result.rows() + " rows scored by " + model + " " + pinned.version() + " into " + params.table()
                        + " (Delta version " + result.tableVersion() + (params.writeMode() == WriteMode.REPLACE ? ""
                        : ", " + params.writeMode().yamlName()) + ")"
                        + (details.containsKey(CANARY) ? "; canary: " + details.get(CANARY).path("summary").asText() : "")
                        + (warnings.isEmpty() ? "" : "; warnings: " + describe(warnings))
                        + ScoringMonitor.notJudged(signals))
                .output(PredictionTableOutputs.TABLE.name(), table)
                .output(PredictionTableOutputs.VERSION.name(), Long.toString(result.tableVersion()))
                .metric("rows", result.rows())
                .metric("seconds", result.duration().toMillis() / 1000.0)
                .metrics(shadowMetrics)
                .report(io.pitstop.steps.drift.DriftReport.MONITORING_REPORT, report.toJson());
        for (Signal s : signals) if (!Double.isNaN(s.value())) builder.metric(s.name(), s.value());
        if (details.containsKey(CANARY) && details.get(CANARY).has("challenger_rows")) {
            builder.metric("canary_rows", details.get(CANARY).path("challenger_rows").asLong());
        }
        return builder.build();
    }

    /**
     * The package the upstream {@code release.package} step built in this run (read back from where it
     * was published, when it was), verified, as a version not registered yet.
     */
    private static ScoringPackage candidate(StepContext ctx) throws java.io.IOException {
        Optional<String> published = ctx.upstream().find(PackageOutputs.LOCATION);
        var keys = PackageKeys.of(ctx.profile());
        var pkg = published.isPresent() ? PackageStore.of(ctx.profile()).open(published.get(), keys)
                : io.pitstop.engine.pkg.ModelPackage.open(ctx.upstream().path(PackageOutputs.PACKAGE), keys);
        var version = new ModelVersion(ctx.model().name(), pkg.version().toString(), Stage.STAGING, ctx.runId(),
                published.orElse(pkg.dir().toString()), pkg.manifestSha256(), ctx.clock().instant());
        return ScoringPackage.of(version, pkg);
    }

    /** A rehearsal passed every check: the staged files are deleted (by the caller) and nothing is committed. */
    private static StepResult rehearsed(StagedPredictions staged, List<Signal> signals,
                                        Map<String, com.fasterxml.jackson.databind.JsonNode> details, ModelVersion candidate,
                                        Params params, StepContext ctx) {
        var report = new MonitoringReport(candidate.model(), candidate.version(), ctx.runId(), staged.rows(), 0, signals,
                details);
        List<Signal> warnings = report.at(Limit.Level.WARNING);
        var builder = StepResult.succeeded()
                .message("rehearsal: " + staged.rows() + " rows of " + params.input() + " scored by candidate "
                        + candidate.model() + " " + candidate.version() + "; every input check, monitoring signal and"
                        + " prediction check passed; nothing was written"
                        + (warnings.isEmpty() ? "" : "; warnings: " + describe(warnings))
                        + ScoringMonitor.notJudged(signals))
                .metric("rows", staged.rows())
                .report(io.pitstop.steps.drift.DriftReport.MONITORING_REPORT, report.toJson());
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
        // The threshold recorded in the package (0.5 in packages built before it could be declared).
        double threshold = pkg.model().descriptor().decisionThreshold().value();
        return new BatchScoringRequest(pkg.model().descriptor().key(), threshold, pkg.version().model(),
                pkg.version().version(), ctx.runId(), ctx.clock().instant(), table, params.carry(), params.writeMode(),
                ctx.stepId());
    }

    /**
     * Old versions' files go once the profile's {@code tables.retention} has passed. The commit has landed
     * by now: a vacuum that fails (or is killed) leaves files to the next one and fails nothing.
     */
    private static void vacuum(BatchScorer scorer, SparkSession spark, String table, StepContext ctx) {
        try {
            scorer.vacuum(spark, table, TableRetention.of(ctx.profile()));
        } catch (RuntimeException e) {
            ctx.log().warn("could not vacuum {} (the predictions are committed; the next run tries again): {}", table,
                    e.getMessage());
        }
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

    /**
     * The canary's package, checked to score rows the champion's way (the same key and task); null when there
     * is no canary tonight: nothing in staging, or the canary is the production version (it was promoted).
     * A declared version that is not registered, or one that scores differently, fails the step.
     */
    private static ScoringPackage canary(Canary declared, ModelVersion champion, ScoringPackage championPkg,
                                         Dataset<Row> input, Map<String, com.fasterxml.jackson.databind.JsonNode> details,
                                         StepContext ctx) throws java.io.IOException {
        String model = ctx.model().name();
        Optional<ModelVersion> challenger = ctx.resolvedInputs().containsKey(CANARY) ? pinned(ctx, CANARY, Stage.STAGING)
                : declaredCanary(ctx, declared);
        if (challenger.isEmpty() && declared.version() != null) {
            throw new InvalidParameterException("canary/model", "canary.model: " + model + " " + declared.version()
                    + " is not registered; registered: " + ctx.registry().versions(model).stream()
                    .map(ModelVersion::version).toList());
        }
        String notRun = challenger.isEmpty() ? "no version of '" + model + "' is in staging"
                : challenger.get().version().equals(champion.version()) ? model + " " + champion.version()
                + " is the production version" : null;
        if (notRun != null) {
            details.put(CANARY, com.fasterxml.jackson.databind.node.TextNode.valueOf("not run: " + notRun
                    + "; the production model scored every row"));
            return null;
        }
        ScoringPackage pkg = ScoringPackage.open(challenger.get(), PackageStore.of(ctx.profile()), PackageKeys.of(ctx.profile()));
        var mine = championPkg.model().descriptor();
        var theirs = pkg.model().descriptor();
        if (!mine.key().equals(theirs.key()) || mine.modelTask() != theirs.modelTask()) {
            throw new InvalidParameterException("canary/model", "canary: " + model + " " + challenger.get().version()
                    + " (key " + theirs.key() + ", " + theirs.modelTask() + ") cannot share a table with " + model + " "
                    + champion.version() + " (key " + mine.key() + ", " + mine.modelTask() + ")");
        }
        var keyType = input.schema().apply(mine.key()).dataType();
        if (!CanarySplit.splits(keyType)) {
            throw new InvalidParameterException("canary", "canary: the key " + mine.key() + " is of type "
                    + keyType.simpleString() + "; a canary splits string or integer keys");
        }
        ctx.progress().status("canary: " + model + " " + challenger.get().version() + " scores a share of "
                + declared.share() + " of the keys");
        return pkg;
    }

    /** The canary version as declared: by number, or whatever is in staging. */
    private static Optional<ModelVersion> declaredCanary(StepContext ctx, Canary canary) {
        return canary.version() == null ? inStage(ctx, Stage.STAGING) : ctx.registry().find(ctx.model().name(), canary.version());
    }

    private static String pin(Optional<ModelVersion> v) {
        return v.map(m -> m.version() + ":" + m.manifestSha256()).orElse("none");
    }

    private static Optional<ModelVersion> inStage(StepContext ctx, Stage stage) {
        return ctx.registry().inStage(ctx.model().name(), stage);
    }
}
