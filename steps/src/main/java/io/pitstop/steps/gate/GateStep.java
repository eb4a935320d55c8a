package io.pitstop.steps.gate;

import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageLayout;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.artifact.GateReport;
import io.pitstop.steps.artifact.GateRule;
import io.pitstop.steps.dataset.Splits;
import io.pitstop.steps.dataset.VerificationReport;
import io.pitstop.steps.metrics.FairnessSpec;
import io.pitstop.steps.metrics.MetricDirection;
import io.pitstop.steps.metrics.MetricsReport;
import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.PriorRelease;
import io.pitstop.steps.model.ModelArtifact;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code release.gate}: judges the challenger by the evaluation it consumes ({@code metrics}), scores
 * the current production model (the champion) on the same held-out split in the same run, and applies
 * the declared rules. First model ever:
 * floors only. A failed gate ends the run as STOPPED (exit 3): nothing is packaged or promoted.
 *
 * <pre>
 * - id: gate
 *   uses: release.gate
 *   needs: [evaluate, validate]
 *   with:
 *     floors: { auc: 0.75 }                    # challenger must reach these
 *     ceilings: { log_loss: 0.6 }              # and stay under these
 *     max_regression: { auc: 0.02 }            # largest allowed loss against the champion
 *     max_relative_regression: { auc: 0.03 }   # the same as a fraction of the champion's value
 *     slices:                                  # no segment may lose more than this
 *       columns: [contract]
 *       max_regression: { auc: 0.05 }
 *       min_rows: 100
 *     budgets:                                 # what the model may cost
 *       max_model_bytes: 5000000
 *       max_scoring_ms_per_thousand_rows: 50
 *     fairness:                                # per protected column the evaluation measures
 *       max_demographic_parity_difference: 0.2
 *       max_equal_opportunity_difference: 0.2
 *       max_group_regression: { tpr: 0.05 }
 *     canary: { min_judged: 200, margin: 0.02 } # a batch canary's realised evidence ({@link CanaryLimits});
 *                                              # then needs: [..., outcomes] (an outcomes.join step)
 * </pre>
 *
 * <p>Rules name the metrics evaluation writes for the model's task: binary {@code auc},
 * {@code log_loss}, {@code f1}, ...; multiclass {@code accuracy}, {@code macro_f1},
 * {@code weighted_f1}, {@code log_loss}; regression {@code rmse}, {@code mae}, {@code r2}.
 * Lower-is-better metrics ({@link MetricDirection}) take ceilings, and their regression against
 * the champion is an increase: {@code ceilings: { rmse: 9.0 }, max_regression: { rmse: 0.5 }}.
 */
public final class GateStep implements Step<GateStep.Params>, io.pitstop.engine.step.ReleaseStep {

    /**
     * The rows the latency budget is timed on, at most: enough for a stable per-1,000-rows figure, and
     * few enough that a large test split is never collected to the driver whole.
     */
    static final int LATENCY_SAMPLE_ROWS = 20_000;

    public record Params(Map<String, Double> floors, Map<String, Double> ceilings, Map<String, Double> maxRegression,
                         Map<String, Double> maxRelativeRegression, SliceLimits slices, Budgets budgets,
                         FairnessLimits fairness, CanaryLimits canary) {
        public Params {
            floors = floors == null ? Map.of() : Map.copyOf(floors);
            ceilings = ceilings == null ? Map.of() : Map.copyOf(ceilings);
            maxRegression = maxRegression == null ? Map.of() : Map.copyOf(maxRegression);
            maxRelativeRegression = maxRelativeRegression == null ? Map.of() : Map.copyOf(maxRelativeRegression);
            // Every bad value is collected, so one `check` lists them all.
            var problems = new io.pitstop.engine.step.ParameterProblems();
            if (floors.isEmpty() && ceilings.isEmpty()) {
                problems.add("", "a gate needs at least one floor or ceiling: the first model"
                        + " ever is judged by those alone");
            }
            new TreeMap<>(maxRegression).forEach((metric, v) -> {
                if (!(v >= 0)) problems.add("max_regression/" + metric, "max_regression." + metric + " must be >= 0, was " + v);
            });
            // A floor on an error (or a ceiling on a score) would pass worse models and refuse better ones.
            for (String metric : new java.util.TreeSet<>(floors.keySet())) {
                if (MetricDirection.lowerIsBetter(metric)) {
                    problems.add("floors/" + metric, "floors." + metric + ": " + metric
                            + " is lower-is-better, so a floor would refuse better models; use ceilings: { " + metric + ": ... }");
                }
            }
            for (String metric : new java.util.TreeSet<>(ceilings.keySet())) {
                if (MetricDirection.higherIsBetter(metric)) {
                    problems.add("ceilings/" + metric, "ceilings." + metric + ": " + metric
                            + " is higher-is-better, so a ceiling would refuse better models; use floors: { " + metric + ": ... }");
                }
            }
            new TreeMap<>(maxRelativeRegression).forEach((metric, v) -> {
                if (!(v >= 0)) {
                    problems.add("max_relative_regression/" + metric, "max_relative_regression." + metric
                            + " must be a fraction >= 0 (0.03 is 3%), was " + v);
                }
            });
            problems.throwIfAny();
        }

        /** Without canary evidence. */
        public Params(Map<String, Double> floors, Map<String, Double> ceilings, Map<String, Double> maxRegression,
                      Map<String, Double> maxRelativeRegression, SliceLimits slices, Budgets budgets,
                      FairnessLimits fairness) {
            this(floors, ceilings, maxRegression, maxRelativeRegression, slices, budgets, fairness, null);
        }

        /** Without fairness limits. */
        public Params(Map<String, Double> floors, Map<String, Double> ceilings, Map<String, Double> maxRegression,
                      Map<String, Double> maxRelativeRegression, SliceLimits slices, Budgets budgets) {
            this(floors, ceilings, maxRegression, maxRelativeRegression, slices, budgets, null);
        }

        /** Floors, ceilings and absolute regression only. */
        public Params(Map<String, Double> floors, Map<String, Double> ceilings, Map<String, Double> maxRegression) {
            this(floors, ceilings, maxRegression, null, null, null);
        }

        List<String> sliceColumns() {
            return slices == null ? List.of() : slices.columns();
        }
    }

    @Override
    public String kind() {
        return "release.gate";
    }

    @Override
    public String description() {
        return "Compares the challenger with floors and with the production model on the same evaluation data.";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Set<String> consumes(Params params) {
        var consumed = new java.util.TreeSet<>(Set.of(ModelArtifact.TRAINED.name(), Splits.TEST.name(),
                MetricsReport.ARTIFACT.name(), VerificationReport.ARTIFACT.name()));
        if (params.canary() != null) consumed.add(io.pitstop.engine.artifact.RealisedPerformance.ARTIFACT.name());
        return consumed;
    }

    @Override
    public Set<String> produces(Params params) {
        return Set.of(GateReport.ARTIFACT.name());
    }

    /** Metrics that exist for the task, limits in range, slice columns in the contract ({@link GateRulesCheck}). */
    @Override
    public List<io.pitstop.engine.step.Problem> validate(Params params, io.pitstop.engine.step.ValidationContext ctx) {
        return GateRulesCheck.check(params, ctx);
    }

    /**
     * The champion is part of the cache key. When the production model is this very model (the run
     * that released it, re-run with nothing changed), the verdict it was released on stands: the key
     * is then the release it was gated against ({@link PriorRelease}), so the re-run is cached.
     */
    @Override
    public Map<String, String> externalInputs(Params params, StepContext ctx) throws Exception {
        String challenger = TrainedModel.identityOf(ctx.upstream().path(ModelArtifact.TRAINED));
        // Keyed on the registry's record (version, manifest hash, model identity): planning opens no package.
        Optional<ModelVersion> production = champion(ctx);
        if (production.isPresent() && !challenger.equals(PriorRelease.identity(ctx, production.get()))) {
            return Map.of("champion", PriorRelease.key(production.get()));
        }
        return Map.of("champion", PriorRelease.keyOf(ctx, challenger));
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws Exception {
        SparkSession spark = ctx.resource(SparkSession.class);
        var up = ctx.upstream();
        TrainedModel challenger = up.read(ModelArtifact.TRAINED);
        ModelDescriptor d = challenger.descriptor();
        Dataset<Row> test = spark.read().parquet(up.path(Splits.TEST).toString()).cache();
        try {
            List<Row> latencyRows = params.budgets() != null && params.budgets().maxScoringMsPerThousandRows() != null
                    ? test.limit(LATENCY_SAMPLE_ROWS).collectAsList() : List.of();
            // The challenger is judged by the evaluation it consumes: the metrics the model card shows,
            // measured at the model's decision threshold; only its costs are measured here.
            MetricsReport evaluation = up.read(MetricsReport.ARTIFACT);
            ModelEvidence challengerEvidence = evidence(evaluation, params, up.path(ModelArtifact.TRAINED), challenger, test, latencyRows);
            Optional<ModelVersion> championVersion = champion(ctx);
            ModelEvidence championEvidence = null;
            String championName = "none";
            if (championVersion.isPresent()) {
                ModelPackage pkg = PackageStore.of(ctx.profile()).open(championVersion.get().packagePath(), PackageKeys.of(ctx.profile()));
                championName = pkg.model() + " " + pkg.version();
                ctx.progress().status("scoring the champion " + championName + " on the same test split");
                Path championDir = pkg.resolve(PackageLayout.MODEL);
                TrainedModel champion = TrainedModel.load(championDir);
                // The rows the challenger was measured on (its label and key), at the threshold the
                // champion decides at in production.
                // Its groups are measured as the challenger's were: the same protected columns, sizes and caps.
                MetricsReport measured = io.pitstop.steps.metrics.TestSplitMeasurement.measure(spark, champion, test, d,
                        champion.descriptor().decisionThreshold(), params.sliceColumns(),
                        params.fairness() == null ? null : fairnessOf(evaluation), championDir.toString(),
                        up.path(Splits.TEST).toString());
                championEvidence = evidence(measured, params, championDir, champion, test, latencyRows);
            }
            Map<String, Double> challengerMetrics = challengerEvidence.metrics();
            Map<String, Double> championMetrics = championEvidence == null ? null : championEvidence.metrics();
            boolean dataValid = up.read(VerificationReport.ARTIFACT).status() != VerificationReport.Status.FAILED;
            // The exact production version judged against: promotion is a compare-and-set on it.
            GateRule canary = params.canary() == null || championVersion.isEmpty() ? null
                    : canaryRule(params.canary(), ctx, up.path(ModelArtifact.TRAINED), championVersion.get());
            GateReport report = new GateRules(params).evaluate(challengerEvidence, championEvidence, championName, dataValid,
                            canary)
                    .withEvidence(challengerMetrics, championMetrics, championVersion.map(ModelVersion::version).orElse(null));
            Path file = ctx.outputDir().resolve(GateReport.FILE_NAME);
            report.write(file);
            ctx.log().info("gate report:\n{}", render(report));

            String verdict = report.passed()
                    ? "passed (" + report.rules().size() + " rules" + (championMetrics == null ? ", first model: no champion to compare with" : ", champion " + championName) + ")"
                    : "said no: " + report.rules().stream().filter(r -> !r.passed()).findFirst().orElseThrow().explanation();
            var result = report.passed() ? StepResult.succeeded() : StepResult.stopped("");
            return result.message("gate " + verdict)
                    .output(GateReport.ARTIFACT.name(), file)
                    .metrics(prefixed("challenger.", challengerMetrics))
                    .metrics(championMetrics == null ? Map.of() : prefixed("champion.", championMetrics))
                    .metrics(costs(challengerEvidence))
                    .report("gate", report.toJson())
                    .build();
        } finally {
            test.unpersist();
        }
    }

    /** The report as a person reads it: one line per rule. */
    static String render(GateReport report) {
        int width = Math.max(10, report.rules().stream().mapToInt(r -> r.metric().length()).max().orElse(0));
        String row = "%-24s %-" + width + "s %12s %12s %12s  %s%n";
        var sb = new StringBuilder();
        sb.append(String.format(row, "RULE", "METRIC", "CHALLENGER", "CHAMPION", "LIMIT", "OUTCOME"));
        for (GateRule r : report.rules()) {
            sb.append(String.format(row, r.rule(), r.metric(), number(r.challenger()), number(r.champion()),
                    number(r.limit()), r.passed() ? "pass" : "FAIL"));
        }
        report.notJudged().forEach(n -> sb.append("not judged: ").append(n).append('\n'));
        sb.append("decided by: ").append(report.decidedBy());
        return sb.toString();
    }

    /** Byte counts read as whole numbers, metrics with four decimals; "-" when absent. */
    private static String number(double v) {
        if (Double.isNaN(v)) return "-";
        return Math.abs(v) >= 1_000 && v == Math.rint(v) ? String.format("%,.0f", v) : String.format("%.4f", v);
    }

    /**
     * The canary rule: the registered version holding the model under the gate (it scored a share of the keys
     * as a canary) against the champion, on the realised performance the upstream outcomes join measured.
     */
    static GateRule canaryRule(CanaryLimits limits, StepContext ctx, Path trained, ModelVersion champion)
            throws IOException {
        String identity = TrainedModel.identityOf(trained);
        Optional<ModelVersion> canary = ctx.registry().versions(ctx.model().name()).stream()
                .filter(v -> identity.equals(PriorRelease.identity(ctx, v))).findFirst();
        if (canary.isEmpty()) {
            return GateRules.canaryMissing("no registered version of " + ctx.model().name() + " holds this model, so it"
                    + " never scored as a canary (score.batch canary:); release it to staging first");
        }
        if (canary.get().version().equals(champion.version())) {
            return GateRules.canaryMissing("this model is the production version " + champion.version()
                    + " itself; there is no canary to judge");
        }
        var realised = ctx.upstream().read(io.pitstop.engine.artifact.RealisedPerformance.ARTIFACT);
        try {
            return GateRules.canaryRule(io.pitstop.engine.policy.VersionComparison.of(realised, champion.version(),
                    canary.get().version(), limits.minJudged(), limits.minPerClass(), limits.alpha(), limits.margin()));
        } catch (IllegalArgumentException e) {
            return GateRules.canaryMissing(e.getMessage());
        }
    }

    private static Optional<ModelVersion> champion(StepContext ctx) {
        return ctx.registry().inStage(ctx.model().name(), Stage.PRODUCTION);
    }

    /**
     * One model's evidence: its metrics and per-segment metrics from a metrics report and, when the
     * gate has budgets, its size on disk and its scoring latency.
     */
    private static ModelEvidence evidence(MetricsReport report, Params params, Path modelDir, TrainedModel model,
                                          Dataset<Row> test, List<Row> latencyRows) throws IOException {
        var slices = new TreeMap<String, SortedMap<String, ModelEvidence.Segment>>();
        for (String column : params.sliceColumns()) {
            var segments = new TreeMap<String, ModelEvidence.Segment>();
            report.segments(column).forEach((value, s) -> segments.put(value, new ModelEvidence.Segment(s.rows(), s.metrics())));
            slices.put(column, segments);
        }
        long bytes = params.budgets() == null ? -1 : sizeOnDisk(modelDir);
        double latency = latencyRows.isEmpty() ? Double.NaN
                : ScoringLatency.msPer1000Rows(model, latencyRows, test.schema());
        return new ModelEvidence(report.stepMetrics(), slices, bytes, latency,
                params.fairness() == null ? null : report.fairness());
    }

    /** The protected columns, group size and cap the challenger's evaluation measured by; null for none. */
    private static FairnessSpec fairnessOf(MetricsReport evaluation) {
        var columns = evaluation.fairness();
        if (columns.isEmpty()) return null;
        var first = columns.values().iterator().next();
        return new FairnessSpec(List.copyOf(columns.keySet()), first.minGroupRows(), first.maxGroups());
    }

    private static long sizeOnDisk(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) total += Files.size(p);
            }
            return total;
        }
    }

    /** The measured size and latency, as run metrics, when the gate measured them. */
    private static Map<String, Double> costs(ModelEvidence evidence) {
        var out = new TreeMap<String, Double>();
        if (evidence.modelBytes() >= 0) out.put("challenger.model_bytes", (double) evidence.modelBytes());
        if (!Double.isNaN(evidence.scoringMsPer1000Rows())) {
            out.put("challenger.ms_per_1k_rows", evidence.scoringMsPer1000Rows());
        }
        return out;
    }

    private static Map<String, Double> prefixed(String prefix, Map<String, Double> metrics) {
        var out = new java.util.TreeMap<String, Double>();
        metrics.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }
}
