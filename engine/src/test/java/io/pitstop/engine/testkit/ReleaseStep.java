package io.pitstop.engine.testkit;

import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.artifact.PackageOutputs;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageManifest;
import io.pitstop.engine.pkg.PackageWriter;
import io.pitstop.engine.pkg.SemVer;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code testkit.release}: what a training pipeline records, without training: a loss curve per
 * epoch, a test AUC, a report with per-slice metrics, a signed package (with a model card and an
 * {@code model.onnx} file) registered, and a data version, and promoted over the champion {@code expect} names
 * ({@code none}: none). A run of it has every part the MLflow mirror shows, in a second.
 */
public final class ReleaseStep implements Step<ReleaseStep.Params> {

    public record Params(String version, String expect, Double auc) {
        public Params {
            if (version == null) throw new IllegalArgumentException("'version' is required");
            if (auc == null) auc = 0.8;
        }
    }

    /** The md5 of the data version it records. */
    public static final String DATA_MD5 = "3f1fa5ea5f5e3bbd0cf36bc1d9e4c2f1";

    @Override
    public String kind() {
        return "testkit.release";
    }

    @Override
    public String description() {
        return "Records curves and metrics, then packages, registers and promotes a version (a test step kind).";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Set<String> produces(Params params) {
        return Set.of(PackageOutputs.PACKAGE.name(), PackageOutputs.MODEL_VERSION.name(), DataVersion.ARTIFACT.name());
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws Exception {
        String model = ctx.model().name();
        Path staging = ctx.outputDir().resolve("staging");
        Files.createDirectories(staging.resolve("model"));
        Files.writeString(staging.resolve("model/network.zip"), "weights of " + params.version());
        Files.writeString(staging.resolve("model.onnx"), "onnx of " + params.version());
        Files.writeString(staging.resolve("model-card.md"), "# " + model + " " + params.version() + "\n");
        var keys = PackageKeys.of(ctx.profile());
        ModelPackage pkg = new PackageWriter(ctx.profile().stateDir().resolve("packages"), keys).write(staging,
                PackageManifest.of(model, SemVer.parse(params.version()), ctx.clock().instant(), Map.of(), null,
                        Map.of("auc", params.auc())));
        ctx.registry().register(model, params.version(), ctx.runId(), pkg.dir().toString(), pkg.manifestSha256(), "test");
        String expected = params.expect() == null || params.expect().equals("none") ? null : params.expect();
        ctx.registry().promoteOver(model, params.version(), expected, "test", "testkit", ctx.runId(), null);
        var report = Json.MAPPER.createObjectNode();
        var slice = report.putObject("slices").putObject("contract");
        slice.putObject("Month-to-month").put("auc", params.auc() - 0.1).put("count", 12);
        slice.putObject("Two year").put("auc", params.auc() + 0.05).put("count", 8);
        // The data it "trained" on, as data.version records it.
        Path dataVersion = ctx.outputDir().resolve(DataVersion.FILE_NAME);
        new DataVersion("data/customers.csv", DATA_MD5, 42, null, null, null, null).write(dataVersion);
        return StepResult.succeeded()
                .output(DataVersion.ARTIFACT.name(), dataVersion)
                .message(model + " " + params.version() + " released")
                .output(PackageOutputs.PACKAGE.name(), pkg.dir())
                .output(PackageOutputs.MODEL_VERSION.name(), params.version())
                .curve("train_loss", List.of(0.9, 0.7, 0.6))
                .metric("auc", params.auc())
                // As train.network does: the kept epoch's value under the curve's name.
                .metric("train_loss", 0.7)
                .report("metrics", report)
                .build();
    }
}
