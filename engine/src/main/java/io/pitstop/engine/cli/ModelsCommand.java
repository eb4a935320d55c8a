package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.registry.AuditEntry;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.registry.NothingToRollBackException;
import io.pitstop.engine.registry.ProductionHistory;
import io.pitstop.engine.registry.PromotionPolicy;
import io.pitstop.engine.registry.Retention;
import io.pitstop.engine.registry.RetentionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true, description = "The model registry.",
        subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Audit.class, ModelsCommand.Rollback.class, ModelsCommand.Approve.class,
                ModelsCommand.History.class, ModelsCommand.Retain.class, ModelsPerformanceCommand.class,
                ModelsCompareCommand.class})
final class ModelsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the versions of a model, newest first, with their stage.")
    static final class ListVersions implements Callable<Integer> {
        @Parameters(paramLabel = "<model>", description = "The model name, e.g. churn.")
        String model;

        @Option(names = "--json", description = "Print the versions as JSON.")
        boolean json;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws Exception {
            try (Project p = project.open()) {
                var versions = p.registry.versions(model);
                if (json) {
                    ObjectNode root = Json.MAPPER.createObjectNode().put("format_version", 1).put("model", model);
                    ArrayNode items = root.putArray("versions");
                    for (ModelVersion v : versions) {
                        items.addObject().put("version", v.version()).put("stage", v.stage().name())
                                .put("run_id", v.runId()).put("created_at", v.createdAt().toString())
                                .put("package_path", v.packagePath()).put("manifest_sha256", v.manifestSha256())
                                .put("model_identity", v.modelIdentity());
                    }
                    System.out.println(Json.PRETTY.writeValueAsString(root));
                    return RunOutcome.EXIT_OK;
                }
                if (versions.isEmpty()) {
                    System.out.println("no versions of model '" + model + "' are registered");
                    return RunOutcome.EXIT_OK;
                }
                System.out.printf("%-10s %-11s %-22s %-20s %s%n", "VERSION", "STAGE", "RUN", "CREATED", "PACKAGE");
                for (ModelVersion v : versions) {
                    System.out.printf("%-10s %-11s %-22s %-20s %s%n", v.version(), v.stage(), v.runId(),
                            v.createdAt().toString().substring(0, 19).replace('T', ' '), v.packagePath());
                }
                return RunOutcome.EXIT_OK;
            }
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Shows the append-only audit log of a model's stage transitions, oldest first.")
    static final class Audit implements Callable<Integer> {
        @Parameters(paramLabel = "<model>", description = "The model name, e.g. churn.")
        String model;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                for (AuditEntry e : p.registry.audit(model)) {
                    System.out.printf("%-4d %-20s %-8s %-10s -> %-10s by %-12s run %s  %s%n", e.sequence(),
                            e.at().toString().substring(0, 19).replace('T', ' '), e.version(),
                            e.from() == null ? "-" : e.from(), e.to(), e.actor(), e.runId(), e.reason());
                }
                return RunOutcome.EXIT_OK;
            }
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Puts back the version that was in production before the current one (its package verified first), "
                    + "archiving the current one, in one audited transaction.")
    static final class Rollback implements Callable<Integer> {
        @Parameters(paramLabel = "<model>", description = "The model name, e.g. churn.")
        String model;

        @Option(names = "--actor", paramLabel = "<name>", description = "Who the audit log names. Default: the OS user.")
        String actor = System.getProperty("user.name", "pitstop");

        @Option(names = "--reason", paramLabel = "<text>", description = "Why, for the audit log.")
        String reason;

        @Option(names = "--expect", paramLabel = "<version>",
                description = "The version you expect in production ('none' for none); the transition is refused (exit 4) "
                        + "if production is anything else when it runs. Default: the one in production when this command starts.")
        String expect;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                String expected = expectedProduction(p, model, expect);
                var target = ProductionHistory.beforeCurrent(p.registry.audit(model)).orElseThrow(() ->
                        new InvalidInputException("model '" + model + "' has no earlier production version to roll back to"));
                ModelVersion v = p.registry.find(model, target.version()).orElseThrow();
                var denials = PromotionPolicy.of(p.profile).denials(model, v.version(), actor, p.registry.approvals(model, v.version()));
                if (!denials.isEmpty()) throw new InvalidInputException("rollback refused: " + String.join("; ", denials));
                // Refuse to put a damaged or unsigned package back into production.
                PackageStore.of(p.profile).open(v.packagePath(), PackageKeys.of(p.profile));
                try {
                    ModelVersion now = p.registry.rollback(model, expected, actor, reason);
                    System.out.println(model + " " + now.version() + " is in production again (rolled back by " + actor + ")");
                    // MLflow mirrors the registry: the champion alias follows the rollback (a warning if it cannot).
                    io.pitstop.engine.mlflow.MlflowMirror.of(p.profile, p.store, p.registry, System.err::println)
                            .ifPresent(m -> m.afterRegistryChange(model, "the rollback"));
                    return RunOutcome.EXIT_OK;
                } catch (NothingToRollBackException e) {
                    throw new InvalidInputException(e.getMessage(), e);
                }
            }
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Which version was in production when, replayed from the audit log; with --at, the one version "
                    + "in production at that moment.")
    static final class History implements Callable<Integer> {
        @Parameters(paramLabel = "<model>", description = "The model name, e.g. churn.")
        String model;

        @Option(names = "--at", paramLabel = "<time>",
                description = "An instant (2026-11-22T21:30:00Z) or a local date-time in UTC (2026-11-22T21:30 or '2026-11-22 21:30:00').")
        String at;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                var audit = p.registry.audit(model);
                if (at != null) {
                    Instant when = parseTime(at);
                    var period = ProductionHistory.at(audit, when);
                    if (period.isEmpty()) {
                        System.out.println("no version of " + model + " was in production at " + when);
                        return RunOutcome.EXIT_OK;
                    }
                    System.out.println(model + " " + period.get().version() + " was in production at " + when
                            + " (since " + period.get().from() + ", promoted by " + period.get().promotedBy() + ")");
                    return RunOutcome.EXIT_OK;
                }
                System.out.printf("%-10s %-24s %-24s %-12s %s%n", "VERSION", "FROM", "UNTIL", "BY", "REASON");
                for (var period : ProductionHistory.periods(audit)) {
                    System.out.printf("%-10s %-24s %-24s %-12s %s%n", period.version(), period.from(),
                            period.until() == null ? "(now)" : period.until(), period.promotedBy(),
                            period.reason() == null ? "" : period.reason());
                }
                return RunOutcome.EXIT_OK;
            }
        }

        static Instant parseTime(String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw new InvalidInputException("--at '" + text + "' is not a time: use 2026-11-22T21:30:00Z or 2026-11-22 21:30");
                }
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approves a version for production (needed for models under governance.approval_required; "
                    + "the approver must be another identity than the one promoting).")
    static final class Approve implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<model>", description = "The model name, e.g. churn.")
        String model;

        @Parameters(index = "1", paramLabel = "<version>", description = "The version, e.g. 1.4.0.")
        String version;

        @Option(names = "--actor", paramLabel = "<name>", description = "Who approves. Default: the OS user.")
        String actor = System.getProperty("user.name", "pitstop");

        @Option(names = "--expect", paramLabel = "<version>",
                description = "The version you expect in production ('none' for none); the transition is refused (exit 4) "
                        + "if production is anything else when it runs. Default: the one in production when this command starts.")
        String expect;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                String expected = expectedProduction(p, model, expect);
                if (!PromotionPolicy.of(p.profile).mayApprove(actor)) {
                    throw new InvalidInputException("'" + actor + "' is not among governance.approvers");
                }
                if (p.registry.find(model, version).isEmpty()) {
                    throw new InvalidInputException("model '" + model + "' has no version " + version);
                }
                p.registry.approve(model, version, expected, actor);
                System.out.println(model + " " + version + " approved by " + actor + " (approvals: "
                        + p.registry.approvals(model, version) + ")");
                return RunOutcome.EXIT_OK;
            }
        }
    }

    /**
     * The production version a transition expects: what the user said ({@code --expect}, "none" for
     * none), else what is in production as the command starts, before it verifies packages or plans;
     * the registry compares it again inside the transaction that makes the change.
     */
    static String expectedProduction(Project p, String model, String expect) {
        if (expect != null) return expect.equals("none") ? null : expect;
        return p.registry.inStage(model, io.pitstop.engine.registry.Stage.PRODUCTION).map(ModelVersion::version).orElse(null);
    }

    @Command(name = "retain", mixinStandardHelpOptions = true,
            description = "Applies the profile's governance.retention rule to a model: versions older than the newest "
                    + "keep_versions leave staging, and archived versions' packages are deleted once archived for "
                    + "window_days, never one in production within the window. Shows the plan; --apply carries it out.")
    static final class Retain implements Callable<Integer> {
        @Parameters(paramLabel = "<model>", description = "The model name, e.g. churn.")
        String model;

        @Option(names = "--apply", description = "Carry the plan out (default: only show it).")
        boolean apply;

        @Option(names = "--actor", paramLabel = "<name>", description = "Who the audit log names. Default: the OS user.")
        String actor = System.getProperty("user.name", "pitstop");

        @Option(names = "--expect", paramLabel = "<version>",
                description = "The version you expect in production ('none' for none); the transition is refused (exit 4) "
                        + "if production is anything else when it runs. Default: the one in production when this command starts.")
        String expect;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                String expected = expectedProduction(p, model, expect);
                RetentionPolicy policy;
                try {
                    policy = RetentionPolicy.of(p.profile).orElseThrow(() -> new InvalidInputException("profile '"
                            + p.profile.name() + "' declares no governance.retention (keep_versions, window_days)"));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("profile '" + p.profile.name() + "': " + e.getMessage());
                }
                PackageStore packages = PackageStore.of(p.profile);
                var plan = policy.plan(p.registry.versions(model), p.registry.audit(model), Instant.now(),
                        v -> packages.exists(v.packagePath()));
                plan.archive().forEach(v -> System.out.println("archive         " + v.version() + " (" + v.stage() + ")"));
                plan.deletePackages().forEach(v -> System.out.println("delete package  " + v.version() + " " + v.packagePath()));
                plan.kept().forEach(k -> System.out.println("keep            " + k));
                if (plan.archive().isEmpty() && plan.deletePackages().isEmpty()) {
                    System.out.println("nothing to do for " + model);
                } else if (apply) {
                    Retention.apply(p.registry, plan, actor, policy.keepVersions(), packages, expected);
                    io.pitstop.engine.mlflow.MlflowMirror.of(p.profile, p.store, p.registry, System.err::println)
                            .ifPresent(m -> m.afterRegistryChange(model, "retention"));
                    System.out.println("applied: " + plan.archive().size() + " archived, " + plan.deletePackages().size()
                            + " packages deleted");
                } else {
                    System.out.println("dry run: nothing changed; run again with --apply");
                }
                return RunOutcome.EXIT_OK;
            }
        }
    }
}
