package io.pitstop.engine.cli;

import io.pitstop.engine.artifact.ReleaseLineage;
import io.pitstop.engine.artifact.ReproductionReport;
import io.pitstop.engine.lineage.WorkingCopy;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.StepRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./pitstop reproduce churn 1.0.0}: rebuilds a released model from its recorded lineage alone
 * — the Git commit, the exact pipeline spec the run recorded, the data versions by md5, the params
 * and seed — in a separate working copy, and compares the result with the package. The user's work
 * tree, run store and registry are only read.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Rebuilds a released model from its lineage (commit, recorded pipeline spec, data versions,"
                + " params, seed) in a separate working copy under <state_dir>/reproductions/, and compares it"
                + " with the package: model identity, weights, feature transform, test metrics, environment.",
                "Exit 0 the rebuilt model is identical, 1 it differs or the rebuild failed, 2 invalid input."})
final class ReproduceCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "<model>", description = "The model name, e.g. churn.")
    String model;

    @Parameters(index = "1", paramLabel = "<version>", description = "The registered version, e.g. 1.0.0.")
    String version;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() throws Exception {
        Path copyRoot;
        String specText;
        List<StepRecord> originalSteps;
        ModelPackage released;
        String commit;
        Path publicKey;
        try (Project p = project.open()) {
            publicKey = PackageKeys.of(p.profile).publicKeyFile().toAbsolutePath();
            ModelVersion registered = p.registry.find(model, version).orElseThrow(() -> new InvalidInputException(
                    "no version " + version + " of model '" + model + "' is registered (see ./pitstop models list " + model + ")"));
            released = PackageStore.of(p.profile).open(registered.packagePath(), PackageKeys.of(p.profile));
            ReleaseLineage lineage = released.lineage();
            commit = lineage.gitCommit().orElse(null);
            String runId = lineage.run().runId().isEmpty() ? registered.runId() : lineage.run().runId();
            if (commit == null) {
                throw new InvalidInputException(model + " " + version + " records no Git commit (it was built outside a"
                        + " Git repository), so there is nothing to check out");
            }
            RunRecord run = p.store.findRun(runId).orElseThrow(() -> new InvalidInputException("run " + runId
                    + ", which built " + model + " " + version + ", is not in this run store (" + p.profile.name()
                    + " profile): its recorded pipeline spec and data versions are needed"));
            specText = run.specText();
            originalSteps = p.store.steps(runId);
            copyRoot = p.profile.stateDir().resolve("reproductions")
                    .resolve(model + "-" + version + "-" + STAMP.format(Clock.systemUTC().instant()));
            System.out.println("reproduce " + model + " " + version + " (run " + runId + ", commit "
                    + RunsCommand.abbreviate(commit) + ") in " + copyRoot);
            if (lineage.run().gitDirty()) {
                System.out.println("  note: it was built with uncommitted changes; the copy has the commit only. The"
                        + " pipeline spec is the recorded one, but uncommitted contracts or code are not"
                        + (lineage.run().gitChanges().isEmpty() ? "." : " (" + String.join("; ", lineage.run().gitChanges()) + ")."));
            }
        }

        Path copy;
        try {
            copy = WorkingCopy.checkout(project.projectDir, commit, copyRoot.resolve("work"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        WorkingCopy.shareDvcCache(project.projectDir.toAbsolutePath().normalize(), copy);
        Path pipelineFile = copyRoot.resolve("pipeline.yaml");
        Files.writeString(pipelineFile, ReproductionSpec.rewrite(specText, originalSteps, released.dir(), publicKey,
                StepCatalog.fromServiceLoader()));

        CheckedPipeline checked;
        try {
            // The rebuild reads what the original project holds (its DVC remote, the released package):
            // paths in the working copy may point into the project it was checked out of.
            Path home = project.projectDir.toAbsolutePath().normalize();
            checked = CheckCommand.load(pipelineFile, new io.pitstop.engine.conf.ProjectPaths(copy, java.util.List.of(home)));
        } catch (SpecException e) {
            System.err.println("the rebuild pipeline " + pipelineFile + " is not valid at commit " + RunsCommand.abbreviate(commit) + ":");
            e.problems().forEach(System.err::println);
            return RunOutcome.EXIT_FAILED;
        }
        try (var rebuild = ProjectRunner.open(copy, project.profile)) {
            RunOutcome outcome = rebuild.runner.run(checked);
            if (outcome.status() != RunStatus.SUCCEEDED) {
                System.out.println("the rebuild did not finish (" + outcome.status() + "): " + outcome.message());
                return RunOutcome.EXIT_FAILED;
            }
            StepRecord compare = outcome.steps().stream().filter(s -> s.stepId().equals(ReproductionSpec.COMPARE_STEP))
                    .findFirst().orElseThrow();
            ReproductionReport report = ReproductionReport.of(compare.reports().get(ReproductionReport.ARTIFACT.name()));
            print(report);
            return report.identical() ? RunOutcome.EXIT_OK : RunOutcome.EXIT_FAILED;
        }
    }

    private static void print(ReproductionReport report) {
        String subject = report.model() + " " + report.version();
        ReproductionReport.ModelParts parts = report.modelParts();
        if (report.identical()) {
            System.out.println("identical: the rebuilt model matches " + subject + " bit for bit (identity "
                    + parts.rebuiltIdentity().substring(0, 12) + ")");
        } else {
            System.out.println("DIFFERENT: the rebuilt model does not match " + subject);
            System.out.printf("  %-22s %s%n", "network configuration", same(parts.sameConfiguration()));
            System.out.printf("  %-22s %s%n", "weights", parts.sameWeights() ? "same"
                    : "differ (largest difference " + (parts.maxWeightDifference() == null ? "shapes differ"
                    : parts.maxWeightDifference().toString()) + ")");
            System.out.printf("  %-22s %s%n", "feature transform", same(parts.sameTransform()));
            System.out.printf("  %-22s %s%n", "descriptor", same(parts.sameDescriptor()));
        }
        System.out.printf("  %-22s %-12s %s%n", "metric", "released", "rebuilt");
        report.metrics().forEach((name, m) -> System.out.printf("  %-22s %-12s %s%n", name, number(m.released()),
                number(m.rebuilt())));
        if (report.environmentChanges().isEmpty()) {
            System.out.println("  environment: the same as recorded in the package");
        } else {
            System.out.println("  environment differs from the package's (a likely reason for different weights):");
            report.environmentChanges().forEach((key, change) -> System.out.println("    " + key + ": " + change));
        }
    }

    private static String same(boolean same) {
        return same ? "same" : "differ";
    }

    private static String number(Double value) {
        return value == null ? "-" : RunComparison.number(value);
    }
}
