package io.pitstop.engine.cli;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.artifact.RealisedPerformance.Estimate;
import io.pitstop.engine.artifact.RealisedPerformance.Group;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code pitstop models performance <model>}: the realised performance the newest outcomes join recorded
 * for the model, per version and per scoring run, read from the run store (the step's
 * {@link RealisedPerformance} report); nothing is recomputed, so it starts no Spark.
 */
@Command(name = "performance", mixinStandardHelpOptions = true,
        description = {"Realised performance of a model's versions and scoring runs on the outcomes joined so far.",
                "Exit 0 shown, 2 no outcomes were ever joined for the model (./pitstop outcomes add <file>)."})
final class ModelsPerformanceCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<model>", description = "The model name, e.g. churn.")
    String model;

    @Option(names = "--json", description = "Print the report as JSON (realised_performance.json).")
    boolean json;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() throws Exception {
        try (Project p = project.open()) {
            StepRecord newest = newest(p, model);
            RealisedPerformance report = RealisedPerformance.of(newest.reports().get(RealisedPerformance.ARTIFACT.name()));
            if (json) {
                System.out.println(Json.PRETTY.writeValueAsString(report));
                return RunOutcome.EXIT_OK;
            }
            System.out.println(text(report, newest.runId()));
            return RunOutcome.EXIT_OK;
        }
    }

    /** The newest outcomes join that recorded realised performance for {@code model}; refused (exit 2) when none did. */
    static StepRecord newest(Project p, String model) {
        Optional<StepRecord> newest = p.store.stepsWithOutput(RealisedPerformance.ARTIFACT.name()).stream()
                .filter(s -> s.status() == StepStatus.SUCCEEDED || s.status() == StepStatus.CACHED)
                .filter(s -> s.reports().containsKey(RealisedPerformance.ARTIFACT.name()))
                .filter(s -> model.equals(RealisedPerformance.of(s.reports().get(RealisedPerformance.ARTIFACT.name())).model()))
                .findFirst();
        return newest.orElseThrow(() -> new InvalidInputException("no outcomes were joined for model '" + model
                + "' yet; add some with ./pitstop outcomes add <file>"));
    }

    static String text(RealisedPerformance r, String runId) {
        var out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %d outcome(s) in %s (version %d), joined by run %s at %s%n", r.model(),
                r.outcomesTotal(), r.outcomes(), r.outcomesVersion(), runId, r.computedAt()));
        String header = String.format(Locale.ROOT, "%-10s %-26s %7s %8s  %-22s %8s  %-22s %6s%n", "VERSION", "RUN",
                "JUDGED", "WAITING", "AUC [95%]", "LOG-LOSS", "POSITIVE RATE [95%]", "SCORE");
        out.append(header);
        for (Group g : r.byModelVersion()) out.append(line(g.modelVersion(), "(all runs)", g));
        for (Group g : r.byRun()) out.append(line(g.modelVersion(), g.runId(), g));
        if (!r.slices().isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nby slice:%n")).append(header.replace("RUN       ", "SLICE     "));
            for (Group g : r.slices()) out.append(line(g.modelVersion(), g.slice() + "=" + g.sliceValue(), g));
        }
        if (r.unmatched() > 0) {
            out.append(String.format(Locale.ROOT, "%d outcome(s) match no prediction made before them: %s%s%n", r.unmatched(),
                    String.join(", ", r.unmatchedKeys()), r.unmatched() > r.unmatchedKeys().size() ? ", ..." : ""));
        }
        out.append("Intervals: Wilson for rates, Hanley-McNeil for the AUC; SCORE is the mean score, to set against the positive rate.");
        return out.toString();
    }

    private static String line(String version, String what, Group g) {
        return String.format(Locale.ROOT, "%-10s %-26s %7d %8d  %-22s %8s  %-22s %6s%n", version, what, g.judged(), g.waiting(),
                estimate(g.auc()), number(g.logLoss()), estimate(g.positiveRate()), number(g.meanScore()));
    }

    private static String estimate(Estimate e) {
        if (Double.isNaN(e.value())) return "-";
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.lower(), e.upper());
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
