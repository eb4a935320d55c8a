package io.pitstop.steps.release;

import io.pitstop.engine.artifact.PackageOutputs;
import io.pitstop.engine.lineage.ReleaseTag;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.registry.AuditAnchors;
import io.pitstop.engine.registry.CleanTreeRule;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.PromotionDeniedException;
import io.pitstop.engine.registry.PromotionPolicy;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.artifact.GateReport;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code release.promote}: registers the package in the model registry and moves it to the
 * declared stage. Promotion to production archives the previous production version in the same
 * transaction and is audited with the actor, the run and the gate report as evidence. It is a
 * compare-and-set on the champion the gate report names: if production changed since the gate ran,
 * the promotion is refused ({@link io.pitstop.engine.registry.ChampionChangedException}). Who may
 * promote, and which models need a second identity's approval first, comes from the profile's
 * {@code governance} section ({@link PromotionPolicy}); a refused promotion leaves the version in staging.
 * With {@code governance.require_clean_tree}, a package built from a working copy its commit does not
 * hold is refused for production before it is registered or tagged ({@link CleanTreeRule}). The package
 * is verified (checksums and signature) before it is registered: a changed byte refuses the promotion.
 * The release is tagged {@code model/<name>/v<semver>} in the project's Git repository at the commit
 * the model was built from ({@link ReleaseTag}); its message anchors the audit log's head ({@link AuditAnchors}).
 *
 * <pre>
 * - id: promote
 *   uses: release.promote
 *   needs: [package]
 *   with: { to: production }
 * </pre>
 */
public final class PromoteStep implements Step<PromoteStep.Params>, io.pitstop.engine.step.ReleaseStep {

    /**
     * @param to    {@code production} (default) or {@code staging}
     * @param actor who the audit log names; default: the operating-system user running Pitstop
     */
    public record Params(Stage to, String actor) {
        public Params {
            to = to == null ? Stage.PRODUCTION : to;
            if (to == Stage.ARCHIVED) {
                // A version is archived by promoting another or by retention, never by being released.
                throw new IllegalArgumentException("'to' must be production or staging, not archived");
            }
            actor = actor == null ? System.getProperty("user.name", "pitstop") : actor;
        }

        Stage stage() {
            return to;
        }
    }

    @Override
    public String kind() {
        return "release.promote";
    }

    @Override
    public String description() {
        return "Registers the package and promotes it (audited; the previous production version is archived).";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Set<String> consumes(Params params) {
        return Set.of(PackageOutputs.PACKAGE.name(), PackageOutputs.MODEL_VERSION.name(), GateReport.ARTIFACT.name());
    }

    @Override
    public Set<String> produces(Params params) {
        return Set.of("released_version");
    }

    /**
     * A reused promotion says where its version is now: still in the stage it was promoted to, the run
     * reports so; moved since (rolled back, archived), the run stops and releases nothing, rather than
     * report a release that did not happen, or undo a rollback on unchanged inputs.
     */
    @Override
    public StepResult cachedResult(Params params, java.util.Map<String, String> outputs, StepContext ctx) {
        String model = ctx.model().name();
        String version = outputs.get("released_version");
        String stage = params.stage().name().toLowerCase(Locale.ROOT);
        Optional<Stage> now = ctx.registry().find(model, version).map(ModelVersion::stage);
        if (now.isPresent() && now.get() == params.stage()) {
            return StepResult.succeeded().message(model + " " + version + " is in " + stage)
                    .output("released_version", version).build();
        }
        String holder = ctx.registry().inStage(model, params.stage()).map(ModelVersion::version).orElse("none");
        return StepResult.stopped(model + " " + version + " was released by an earlier run and is "
                + now.map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("no longer registered") + " now (" + stage
                + ": " + holder + "); nothing was released: a run on unchanged inputs does not undo that").build();
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws java.io.IOException {
        String model = ctx.model().name();
        // Where the package step published it (a filesystem URI when the profile keeps packages on HDFS, S3A, ...):
        // what is registered is what was read back from there and verified, not only the local build copy.
        Optional<String> published = ctx.upstream().find(PackageOutputs.LOCATION);
        ModelPackage pkg = published.isPresent()
                ? PackageStore.of(ctx.profile()).open(published.get(), PackageKeys.of(ctx.profile()))
                : ModelPackage.open(ctx.upstream().path(PackageOutputs.PACKAGE), PackageKeys.of(ctx.profile()));
        String version = pkg.version().toString();
        if (params.stage() == Stage.PRODUCTION) {
            // Before anything is registered or tagged: a refused release leaves no trace but the run's record.
            var dirt = CleanTreeRule.of(ctx.profile()).denials(pkg.manifest().lineage());
            if (!dirt.isEmpty()) throw new PromotionDeniedException(model, version, dirt);
        }
        String location = published.orElse(pkg.dir().toString());
        ModelVersion registered = ctx.registry().register(model, version, ctx.runId(), location,
                pkg.manifestSha256(), pkg.lineage().modelIdentity(), params.actor());
        // Tagged before promotion: a tag that would have to move refuses the release while production is untouched.
        // In the project's own repository, also when a tag trigger's checkout ran the code: the copy is thrown away.
        var tag = ReleaseTag.tag(ctx.profile().projectDir(), model, version, pkg.lineage().run().gitCommit(),
                model + " " + version + " released by run " + ctx.runId()
                        + AuditAnchors.tagLine(ctx.registry().auditHead()), params.actor());
        if (tag.skipped() != null) ctx.log().info("no Git tag {}: {}", tag.name(), tag.skipped());
        else ctx.log().info("Git tag {} {}", tag.name(), tag.created() ? "created" : "already in place");
        ModelVersion now = registered;
        if (params.stage() != registered.stage()) {
            Path gateReport = ctx.upstream().path(GateReport.ARTIFACT);
            if (params.stage() == Stage.PRODUCTION) {
                var denials = PromotionPolicy.of(ctx.profile()).denials(model, version, params.actor(),
                        ctx.registry().approvals(model, version));
                if (!denials.isEmpty()) throw new PromotionDeniedException(model, version, denials);
            }
            String reason = "released by pipeline " + ctx.pipelineName() + "; the quality gate passed";
            now = params.stage() == Stage.PRODUCTION
                    ? ctx.registry().promoteOver(model, version, GateReport.read(gateReport).championVersion(),
                    params.actor(), reason, ctx.runId(), gateReport.toString())
                    : ctx.registry().transition(model, version, params.stage(), params.actor(), reason, ctx.runId(),
                    gateReport.toString());
        }
        return StepResult.succeeded()
                .message(model + " " + version + " is in " + now.stage().name().toLowerCase(Locale.ROOT))
                .output("released_version", version)
                .build();
    }
}
