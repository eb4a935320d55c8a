package io.pitstop.engine.cli;

import io.pitstop.engine.artifact.ReleaseLineage;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.report.ReportSources;
import io.pitstop.engine.report.ReportWriter;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/**
 * {@code ./pitstop report <run-id>} or {@code ./pitstop report <model> <version>}: one static HTML page a
 * person looks at (learning curves, ROC and PR with the threshold marked, the threshold table,
 * calibration, slices, fairness, the gate's decision, the data profile and drift). A version's page is
 * drawn from its verified package, plus the curves and drift its building run recorded when that run is
 * in this run store. Reads files only: no Spark, no model is loaded.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report of a run (report <run-id>) or of a released version "
                + "(report <model> <version>).")
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<run-id|model>", description = "A run id (./pitstop runs list), or a model name.")
    String first;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<version>", description = "With a model name: its registered version.")
    String version;

    @Option(names = "--out", paramLabel = "<file>",
            description = "Where to write the page. Default: <state>/reports/<run-id>.html or <model>-<version>.html.")
    Path out;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() throws Exception {
        ReportSources sources;
        Path target;
        try (Project p = project.open()) {
            if (version == null) {
                RunRecord run = p.store.findRun(first).orElseThrow(() -> new InvalidInputException("no run '" + first
                        + "' in this run store (" + p.profile.name() + " profile); ./pitstop runs list shows the runs"
                        + " (for a released version, give the model and its version: report churn 1.0.0)"));
                sources = new ReportSources("run " + run.runId(), run, p.store.steps(run.runId()), p.dir, null);
                target = p.profile.stateDir().resolve("reports").resolve(run.runId() + ".html");
            } else {
                ModelVersion registered = p.registry.find(first, version).orElseThrow(() -> new InvalidInputException(
                        "no version " + version + " of model '" + first + "' is registered (see ./pitstop models list "
                                + first + ")"));
                ModelPackage released = PackageStore.of(p.profile).open(registered.packagePath(), PackageKeys.of(p.profile));
                ReleaseLineage lineage = released.lineage();
                String runId = lineage.run().runId().isEmpty() ? registered.runId() : lineage.run().runId();
                RunRecord run = runId == null ? null : p.store.findRun(runId).orElse(null);
                sources = new ReportSources(first + " " + version, run,
                        run == null ? List.of() : p.store.steps(runId), p.dir, released.dir());
                target = p.profile.stateDir().resolve("reports").resolve(first + "-" + version + ".html");
            }
        }
        if (out != null) target = out;
        String html = writer().page(sources);
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(target, html, StandardCharsets.UTF_8);
        System.out.println("report of " + sources.title() + " written to " + target);
        return RunOutcome.EXIT_OK;
    }

    /** The step side's writer; one is always on the CLI's class path, so its absence is a broken build. */
    private static ReportWriter writer() {
        return ServiceLoader.load(ReportWriter.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "no " + ReportWriter.class.getName() + " on the class path: the steps module is missing from this build"));
    }
}
