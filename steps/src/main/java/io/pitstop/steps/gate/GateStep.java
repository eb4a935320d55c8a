package io.pitstop.steps.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.InvalidParameterException;
import io.pitstop.steps.evaluate.LabelledOutputs;
import io.pitstop.steps.evaluate.LabelledScores;
import io.pitstop.steps.evaluate.MetricDirection;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.evaluate.Metrics;
import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.release.PackageStep;
import io.pitstop.steps.release.PriorRelease;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code release.gate}: scores the challenger and the current production model (the champion) on
 * the same held-out split in the same run, and applies the declared rules. First model ever:
 * floors only. A failed gate ends the run as STOPPED (exit 3): nothing is packaged or promoted.
 *
 * <pre>
 * - id: gate
 *   uses: release.gate
 *   needs: [evaluate, validate]
 *   with:
 *     floors: { auc: 0.75 }          # challenger must reach these
 *     ceilings: { log_loss: 0.6 }    # and stay under these
 *     max_regression: { auc: 0.02 }  # largest allowed loss against the champion
 * </pre>
 *
 * <p>Rules name the metrics evaluation writes for the model's task: binary {@code auc},
 * {@code log_loss}, {@code f1}, ...; multiclass {@code accuracy}, {@code macro_f1},
 * {@code weighted_f1}, {@code log_loss}; regression {@code rmse}, {@code mae}, {@code r2}.
 * Lower-is-better metrics ({@link MetricDirection}) take ceilings, and their regression against
 * the champion is an increase: {@code ceilings: { rmse: 9.0 }, max_regression: { rmse: 0.5 }}.
 */
public final class GateStep implements Step<GateStep.Params> {

    public record Params(Map<String, Double> floors, Map<String, Double> ceilings, Map<String, Double> maxRegression) {
        public Params {
            floors = floors == null ? Map.of() : Map.copyOf(floors);
            ceilings = ceilings == null ? Map.of() : Map.copyOf(ceilings);
            maxRegression = maxRegression == null ? Map.of() : Map.copyOf(maxRegression);
            if (floors.isEmpty() && ceilings.isEmpty()) {
                throw new IllegalArgumentException("a gate needs at least one floor or ceiling: the first model"
                        + " ever is judged by those alone");
            }
            maxRegression.forEach((metric, v) -> {
                if (!(v >= 0)) throw new IllegalArgumentException("max_regression." + metric + " must be >= 0, was " + v);
            });
            // A floor on an error (or a ceiling on a score) would pass worse models and refuse better ones.
            for (String metric : new java.util.TreeSet<>(floors.keySet())) {
                if (MetricDirection.lowerIsBetter(metric)) {
                    throw new InvalidParameterException("floors/" + metric, "floors." + metric + ": " + metric
                            + " is lower-is-better, so a floor would refuse better models; use ceilings: { " + metric + ": ... }");
                }
            }
            for (String metric : new java.util.TreeSet<>(ceilings.keySet())) {
                if (MetricDirection.higherIsBetter(metric)) {
                    throw new InvalidParameterException("ceilings/" + metric, "ceilings." + metric + ": " + metric
                            + " is higher-is-better, so a ceiling would refuse better models; use floors: { " + metric + ": ... }");
                }
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

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
        return Set.of("model", "test_split", "metrics", "validation_report");
    }

    @Override
    public Set<String> produces(Params params) {
        return Set.of("gate_report");
    }

    /**
     * The champion is part of the cache key. When the production model is this very model (the run
     * that released it, re-run with nothing changed), the verdict it was released on stands: the key
     * is then the release it was gated against ({@link PriorRelease}), so the re-run is cached.
     */
    @Override
    public Map<String, String> externalInputs(Params params, StepContext ctx) throws Exception {
        String challenger = TrainedModel.identityOf(ctx.upstream().path("model"));
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
        TrainedModel challenger = TrainedModel.load(up.path("model"));
        ModelDescriptor d = challenger.descriptor();
        Dataset<Row> test = spark.read().parquet(up.path("test_split").toString()).cache();
        try {
            Map<String, Double> challengerMetrics = metrics(spark, challenger, test, d);
            Optional<ModelVersion> championVersion = champion(ctx);
            Map<String, Double> championMetrics = null;
            String championName = "none";
            if (championVersion.isPresent()) {
                ModelPackage pkg = ModelPackage.open(Path.of(championVersion.get().packagePath()), PackageKeys.of(ctx.profile()));
                championName = pkg.model() + " " + pkg.version();
                ctx.progress().status("scoring the champion " + championName + " on the same test split");
                championMetrics = metrics(spark, TrainedModel.load(pkg.resolve("model")), test, d);
            }
            boolean dataValid = !"FAILED".equalsIgnoreCase(
                    JSON.readTree(up.path("validation_report").toFile()).path("status").asText(""));
            GateReport report = new GateRules(params).evaluate(challengerMetrics, championMetrics, championName, dataValid);

            ObjectNode json = JSON.valueToTree(report);
            json.set("challenger_metrics", JSON.valueToTree(challengerMetrics));
            if (championMetrics != null) json.set("champion_metrics", JSON.valueToTree(championMetrics));
            // The exact production version judged against: promotion is a compare-and-set on it.
            if (championVersion.isPresent()) json.put("champion_version", championVersion.get().version());
            else json.putNull("champion_version");
            Path file = ctx.outputDir().resolve("gate-report.json");
            JSON.writeValue(file.toFile(), json);
            ctx.log().info("gate report:\n{}", render(report));

            String verdict = report.passed()
                    ? "passed (" + report.rules().size() + " rules" + (championMetrics == null ? ", first model: floors only" : ", champion " + championName) + ")"
                    : "said no: " + report.rules().stream().filter(r -> !r.passed()).findFirst().orElseThrow().explanation();
            var result = report.passed() ? StepResult.succeeded() : StepResult.stopped("");
            return result.message("gate " + verdict)
                    .output("gate_report", file)
                    .metrics(prefixed("challenger.", challengerMetrics))
                    .metrics(championMetrics == null ? Map.of() : prefixed("champion.", championMetrics))
                    .report("gate", json)
                    .build();
        } finally {
            test.unpersist();
        }
    }

    /** The report as a person reads it: one line per rule. */
    static String render(GateReport report) {
        var sb = new StringBuilder();
        sb.append(String.format("%-16s %-10s %10s %10s %10s  %s%n", "RULE", "METRIC", "CHALLENGER", "CHAMPION", "LIMIT", "OUTCOME"));
        for (GateRule r : report.rules()) {
            sb.append(String.format("%-16s %-10s %10.4f %10s %10.4f  %s%n", r.rule(), r.metric(), r.challenger(),
                    Double.isNaN(r.champion()) ? "-" : String.format("%.4f", r.champion()), r.limit(),
                    r.passed() ? "pass" : "FAIL"));
        }
        sb.append("decided by: ").append(report.decidedBy());
        return sb.toString();
    }

    private static Optional<ModelVersion> champion(StepContext ctx) {
        return ctx.registry().inStage(ctx.model().name(), Stage.PRODUCTION);
    }

    /** The task's overall metrics, by the names evaluation writes (so rules name them alike). */
    private static Map<String, Double> metrics(SparkSession spark, TrainedModel model, Dataset<Row> test,
                                               ModelDescriptor d) {
        if (d.modelTask() != ModelTask.BINARY) {
            var all = new java.util.TreeMap<>(LabelledOutputs.collect(model.score(spark, test, d.key()), test, d, List.of()).overall());
            all.values().removeIf(v -> v == null || v.isNaN());
            return all;
        }
        var scores = LabelledScores.collect(model.score(spark, test, d.key()), test, d, List.of());
        return Metrics.of(scores.scores(), scores.labels(), d.threshold()).asMap();
    }

    private static Map<String, Double> prefixed(String prefix, Map<String, Double> metrics) {
        var out = new java.util.TreeMap<String, Double>();
        metrics.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }
}
