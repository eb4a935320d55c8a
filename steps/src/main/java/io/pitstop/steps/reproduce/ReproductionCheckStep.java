package io.pitstop.steps.reproduce;

import io.pitstop.engine.artifact.ReproductionReport;
import io.pitstop.engine.lineage.Environment;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageLayout;
import io.pitstop.engine.step.ReproductionCheck;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.metrics.MetricsReport;
import io.pitstop.steps.model.ModelArtifact;
import io.pitstop.steps.model.TrainedModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code reproduce.compare}: compares a model rebuilt from a release's lineage with the released
 * package — the model's identity, then part by part (network configuration, weights, feature
 * transform, descriptor), the test metrics, and the environments the two ran in, since that is
 * what explains weights that differ when code, data and params did not.
 *
 * <p>Succeeds whether or not the two match; the {@code reproduction} report and the metric
 * {@code identical} (1 or 0) say which, and {@code ./pitstop reproduce} turns that into its exit code.
 */
public final class ReproductionCheckStep implements Step<ReproductionCheckParams>, ReproductionCheck {

    public static final String KIND = "reproduce.compare";
    public static final String REPORT = ReproductionReport.ARTIFACT.name();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, Object> comparingWith(Path packageDir, Path publicKey) {
        var with = new java.util.LinkedHashMap<String, Object>();
        with.put("package_dir", packageDir.toString());
        with.put("public_key", publicKey.toString());
        return with;
    }

    @Override
    public String description() {
        return "Compare a model rebuilt by ./pitstop reproduce with the released package: weights, transform, metrics";
    }

    @Override
    public Class<ReproductionCheckParams> paramsType() {
        return ReproductionCheckParams.class;
    }

    @Override
    public Set<String> consumes(ReproductionCheckParams params) {
        return Set.of(ModelArtifact.TRAINED.name(), MetricsReport.ARTIFACT.name());
    }

    @Override
    public Set<String> produces(ReproductionCheckParams params) {
        return Set.of(REPORT);
    }

    @Override
    public StepResult run(ReproductionCheckParams params, StepContext ctx) throws Exception {
        // Verification reads only the public key; the copy must trust the original project's, not make its own.
        PackageKeys keys = params.publicKey() == null ? PackageKeys.of(ctx.profile())
                : PackageKeys.verifyingOnly(ctx.resolve(params.publicKey()));
        ModelPackage released = ModelPackage.open(ctx.resolve(params.packageDir()), keys);
        TrainedModel original = TrainedModel.load(released.resolve(PackageLayout.MODEL));
        TrainedModel rebuilt = ctx.upstream().read(ModelArtifact.TRAINED);
        Map<String, Double> rebuiltMetrics = ctx.upstream().read(MetricsReport.ARTIFACT).stepMetrics();

        ModelComparison comparison = ModelComparison.of(original, rebuilt);
        Map<String, String> environmentChanges = environmentChanges(released.lineage().run().environment(),
                Environment.capture());
        boolean identical = comparison.identical();

        var report = new ReproductionReport(released.dir().toString(), released.model(), released.version().toString(),
                identical, comparison.parts(), ReproductionReport.metrics(released.manifest().metrics(), rebuiltMetrics),
                new TreeMap<>(environmentChanges));
        Path file = Files.createDirectories(ctx.outputDir()).resolve(ReproductionReport.FILE_NAME);
        report.write(file);
        String subject = released.model() + " " + released.version();
        String message = identical
                ? "the rebuilt model is identical to " + subject + " (identity " + rebuilt.identity().substring(0, 12) + ")"
                : "the rebuilt model differs from " + subject + ": " + comparison.summary()
                + (environmentChanges.isEmpty() ? "; the environment is the same"
                : "; the environment differs in " + String.join(", ", environmentChanges.keySet()));
        ctx.log().info(message);
        var result = StepResult.succeeded()
                .output(REPORT, file)
                .report(REPORT, report.toJson())
                .metric("identical", identical ? 1 : 0)
                .metric("max_weight_difference", comparison.maxWeightDifference());
        Double aucBefore = released.manifest().metrics().get("auc");
        Double aucAfter = rebuiltMetrics.get("auc");
        if (aucBefore != null && aucAfter != null) result.metric("auc_difference", aucAfter - aucBefore);
        return result.message(message).build();
    }

    /**
     * What differs between the environment a package records and this one, as
     * {@code key: before -> after}. Memory limits are left out: they do not change results.
     */
    static Map<String, String> environmentChanges(Map<String, String> recorded, Map<String, String> now) {
        var changes = new TreeMap<String, String>();
        var keys = new TreeMap<String, Boolean>();
        recorded.keySet().forEach(k -> keys.put(k, true));
        now.keySet().forEach(k -> keys.put(k, true));
        for (String key : keys.keySet()) {
            if (key.equals("max_heap_mb")) continue;
            String before = recorded.get(key);
            // A package made before a key was recorded says nothing about it: not a difference.
            if (before == null) continue;
            String after = now.get(key);
            if (before == null ? after != null : !before.equals(after)) {
                changes.put(key, before + " -> " + (after == null ? "(none)" : after));
            }
        }
        return changes;
    }
}
