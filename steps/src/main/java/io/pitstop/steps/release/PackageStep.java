package io.pitstop.steps.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.artifact.PackageOutputs;
import io.pitstop.engine.artifact.ReleaseLineage;
import io.pitstop.engine.contract.ContractLoader;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageArchive;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageLayout;
import io.pitstop.engine.pkg.PackageManifest;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.pkg.PackageWriter;
import io.pitstop.engine.pkg.SemVer;
import io.pitstop.steps.artifact.GateReport;
import io.pitstop.steps.dataset.ValidatedData;
import io.pitstop.steps.dataset.VerificationReport;
import io.pitstop.steps.metrics.MetricsReport;
import io.pitstop.steps.model.PriorRelease;
import io.pitstop.steps.model.ModelArtifact;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.onnx.PortableModel;
import io.pitstop.engine.registry.AuditAnchors;
import io.pitstop.engine.registry.CleanTreeRule;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.profile.DatasetProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code release.package}: the model, its feature transform, the same as one ONNX graph ({@code model.onnx},
 * described by {@code features.json}: {@link PortableModel}), metrics, gate report, input contract,
 * data version, validation report, the training data's profile (when upstream made one) and a model
 * card, written as {@code <model>-<semver>/} with a manifest of full lineage, SHA-256 checksums of
 * every file and a minisign signature of them (keys from the profile, {@link PackageKeys}), plus the same as
 * one file {@code <model>-<semver>.zip}. The version is derived, never typed:
 * major when the input contract breaks compatibility with the latest release, patch when the model
 * is byte-identical to it (a re-package), minor otherwise (a retrain). The manifest's lineage also
 * anchors the audit log's head at build time ({@link AuditAnchors}).
 *
 * <pre>
 * - id: package
 *   uses: release.package
 *   needs: [gate]
 * </pre>
 */
public final class PackageStep implements Step<PackageStep.Params>, io.pitstop.engine.step.ReleaseStep {

    /** No parameters yet: everything comes from upstream outputs and the pipeline's model block. */
    public record Params() {
    }


    @Override
    public String kind() {
        return "release.package";
    }

    @Override
    public String description() {
        return "Writes a versioned model package with lineage, model card and SHA-256 checksums.";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Set<String> consumes(Params params) {
        return Set.of(ModelArtifact.TRAINED.name(), MetricsReport.ARTIFACT.name(), GateReport.ARTIFACT.name(),
                ValidatedData.CONTRACT.name(),
                DataVersion.ARTIFACT.name(), VerificationReport.ARTIFACT.name());
    }

    @Override
    public Set<String> produces(Params params) {
        return Set.of(PackageOutputs.PACKAGE.name(), PackageOutputs.ARCHIVE.name(), PackageOutputs.LOCATION.name(),
                PackageOutputs.MODEL_VERSION.name());
    }

    /**
     * The version number depends on the release this one builds on ({@link PriorRelease}). Under
     * {@code governance.require_clean_tree} the working copy's state counts too ({@link CleanTreeRule#codeState}):
     * a package refused for a dirty tree is rebuilt once the tree is clean.
     */
    @Override
    public Map<String, String> externalInputs(Params params, StepContext ctx) throws Exception {
        String buildsOn = PriorRelease.keyOf(ctx, TrainedModel.identityOf(ctx.upstream().path(ModelArtifact.TRAINED)));
        CleanTreeRule rule = CleanTreeRule.of(ctx.profile());
        if (!rule.required()) return Map.of("builds_on", buildsOn);
        var l = ctx.lineage();
        return Map.of("builds_on", buildsOn, "code_state", rule.codeState(l.gitCommit(), l.gitDirty(), l.gitChanges()));
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws Exception {
        var up = ctx.upstream();
        String model = ctx.model().name();
        Path modelDir = up.path(ModelArtifact.TRAINED);
        String modelSha = TrainedModel.identityOf(modelDir);
        Path contract = up.path(ValidatedData.CONTRACT);

        PackageStore store = PackageStore.of(ctx.profile());
        Path packagesDir = store.buildDir();
        PackageKeys keys = PackageKeys.of(ctx.profile());
        // A package written by a run that died before registering it (or whose promotion failed):
        // the same model is reused as it is, and any other keeps its version number taken.
        Orphans orphans = unregistered(ctx, packagesDir, keys);
        for (ModelPackage orphan : orphans.intact()) {
            if (modelSha.equals(orphan.lineage().modelIdentity()) && sameCodeState(orphan.lineage().run(), ctx.lineage())) {
                ctx.log().info("reusing the unregistered package {} of this very model", orphan.dir());
                return result(model, orphan, PackageArchive.write(orphan, packagesDir), publish(store, orphan, ctx),
                        "the unregistered package of this very model, reused");
            }
        }
        Optional<ModelVersion> latest = latest(ctx);
        SemVer version = new SemVer(1, 0, 0);
        String why = "the first release";
        if (latest.isPresent()) {
            SemVer base = SemVer.parse(latest.get().version());
            if (orphans.highest() != null && orphans.highest().compareTo(base) > 0) base = orphans.highest();
            Bump bump = change(latest.get(), modelSha, contract, store, ctx);
            version = switch (bump.change()) {
                case MAJOR -> base.nextMajor();
                case MINOR -> base.nextMinor();
                case PATCH -> base.nextPatch();
            };
            why = bump.why();
        } else if (orphans.highest() != null) {
            version = orphans.highest().nextMinor();
            why = "after the unregistered " + orphans.highest();
        }
        Path staging = ctx.outputDir().resolve("staging");
        copyTree(modelDir, PackageLayout.MODEL.in(staging));
        // The same model for scoring without Pitstop: model.onnx and features.json, covered by the checksums too.
        PortableModel.of(TrainedModel.load(modelDir)).writeTo(staging);
        Files.copy(up.path(MetricsReport.ARTIFACT), PackageLayout.METRICS.in(staging));
        Files.copy(up.path(GateReport.ARTIFACT), PackageLayout.GATE_REPORT.in(staging));
        Files.copy(contract, PackageLayout.CONTRACT.in(staging));
        Files.copy(up.path(DataVersion.ARTIFACT), PackageLayout.DATA_VERSION.in(staging));
        Files.copy(up.path(VerificationReport.ARTIFACT), PackageLayout.VALIDATION_REPORT.in(staging));
        // Optional (not in consumes): a validate step that profiles the data provides it; scoring's drift check reads it.
        Optional<String> profile = up.find(DatasetProfile.ARTIFACT);
        if (profile.isPresent()) Files.copy(Path.of(profile.get()), PackageLayout.PROFILE.in(staging));

        MetricsReport evaluation = up.read(MetricsReport.ARTIFACT);
        var lineage = new ReleaseLineage(ctx.lineage(), ctx.seed(), modelSha, up.read(DataVersion.ARTIFACT));
        Files.writeString(PackageLayout.MODEL_CARD.in(staging),
                ModelCard.render(ctx.model(), version.toString(), lineage, evaluation, up.read(GateReport.ARTIFACT)));

        JsonNode params0 = Json.MAPPER.readTree(modelDir.resolve("model.json").toFile());
        // The audit log's head as the package is built, signed with the package: an anchor the database
        // writer cannot rewrite (`pitstop audit verify` checks the log still holds that entry with that hash).
        var lineageFields = new java.util.TreeMap<>(lineage.toMap());
        lineageFields.putAll(AuditAnchors.manifestFields(ctx.registry().auditHead()));
        var manifest = PackageManifest.of(model, version, ctx.clock().instant(), lineageFields, params0,
                evaluation.stepMetrics());
        ModelPackage pkg = new PackageWriter(packagesDir, keys).write(staging, manifest);
        Path archive = PackageArchive.write(pkg, packagesDir);
        ctx.log().info("wrote package {} ({} files, signed) and {}", pkg.dir(), pkg.files().size(), archive.getFileName());
        return result(model, pkg, archive, publish(store, pkg, ctx), why);
    }

    /** Puts the package into the profile's store; the location returned is what the registry records. */
    private static String publish(PackageStore store, ModelPackage pkg, StepContext ctx) {
        String location = store.publish(pkg);
        if (store.isRemote()) ctx.log().info("published {} to {}", pkg.manifest().directoryName(), location);
        return location;
    }

    private static StepResult result(String model, ModelPackage pkg, Path archive, String location, String why) {
        return StepResult.succeeded()
                .message(model + " " + pkg.version() + " (" + why + ") -> " + location)
                .output(PackageOutputs.PACKAGE.name(), pkg.dir())
                .output(PackageOutputs.ARCHIVE.name(), archive)
                .output(PackageOutputs.LOCATION.name(), location)
                .output(PackageOutputs.MODEL_VERSION.name(), pkg.version().toString())
                .build();
    }

    /** Unregistered packages of this model: those that verify, and the highest version any of them takes. */
    private record Orphans(List<ModelPackage> intact, SemVer highest) {
    }

    private static Orphans unregistered(StepContext ctx, Path packagesDir, PackageKeys keys) throws IOException {
        String model = ctx.model().name();
        if (!Files.isDirectory(packagesDir)) return new Orphans(List.of(), null);
        Set<String> registered = new java.util.HashSet<>();
        ctx.registry().versions(model).forEach(v -> registered.add(v.version()));
        List<ModelPackage> intact = new java.util.ArrayList<>();
        SemVer highest = null;
        try (Stream<Path> dirs = Files.list(packagesDir)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                String name = d.getFileName().toString();
                if (!name.startsWith(model + "-")) continue;
                SemVer v;
                try {
                    v = SemVer.parse(name.substring(model.length() + 1));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (registered.contains(v.toString())) continue;
                // Its version stays taken even when it does not verify: a new package never reuses a name.
                if (highest == null || v.compareTo(highest) > 0) highest = v;
                try {
                    intact.add(ModelPackage.open(d, keys));
                } catch (RuntimeException e) {
                    ctx.log().warn("unregistered package {} does not verify and is not reused: {}", d, e.getMessage());
                }
            }
        }
        return new Orphans(List.copyOf(intact), highest);
    }

    private enum Change { MAJOR, MINOR, PATCH }

    /** The kind of version change and why, in words the step's message carries. */
    private record Bump(Change change, String why) {
    }

    private static Optional<ModelVersion> latest(StepContext ctx) {
        return ctx.registry().versions(ctx.model().name()).stream().findFirst();
    }

    private static Bump change(ModelVersion latest, String modelSha, Path contract, PackageStore store, StepContext ctx) {
        ModelPackage before = store.open(latest.packagePath(), PackageKeys.of(ctx.profile()));
        List<String> breaking = ContractCompatibility.breakingChanges(
                ContractLoader.load(before.resolve(PackageLayout.CONTRACT)), ContractLoader.load(contract));
        if (!breaking.isEmpty()) {
            ctx.log().info("input contract breaks compatibility with {}: {}", latest.version(), breaking);
            return new Bump(Change.MAJOR, "major: the input contract breaks " + latest.version() + "'s callers: "
                    + String.join("; ", breaking));
        }
        if (modelSha.equals(before.lineage().modelIdentity())) {
            return new Bump(Change.PATCH, "patch: the same model as " + latest.version() + ", re-packaged");
        }
        return new Bump(Change.MINOR, "minor: retrained since " + latest.version());
    }

    /**
     * Whether an unregistered package was built from the working copy this run sees. One built from
     * uncommitted changes is reused only by a run from the very same changes: its lineage would
     * otherwise name a state the release was not built from (and a clean-tree rule would refuse it forever).
     */
    private static boolean sameCodeState(io.pitstop.engine.step.Lineage packaged, io.pitstop.engine.step.Lineage now) {
        boolean wasDirty = packaged.gitDirty();
        if (!wasDirty && !now.gitDirty()) return true;
        return wasDirty == now.gitDirty() && now.gitCommit().equals(packaged.gitCommit())
                && now.gitChanges().equals(packaged.gitChanges());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
