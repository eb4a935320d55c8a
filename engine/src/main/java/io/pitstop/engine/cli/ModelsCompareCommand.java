package io.pitstop.engine.cli;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.policy.VersionComparison;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.StepRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code pitstop models compare <model> <a> <b>}: two versions' realised performance, each on the keys it
 * scored (a batch canary's arms), from the newest outcomes join recorded for the model, with a test for two
 * independent samples ({@link VersionComparison}); no winner below {@code --min-judged} judged outcomes or
 * {@code --min-per-class} positives or negatives per version. With {@code --margin}, also the one-sided
 * non-inferiority test a gate's {@code canary:} rule applies. Reads the run store
 * only: it starts no Spark.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two versions' realised performance on their own keys (a canary's arms), with a"
                + " significance test.",
                "Exit 0 compared (whatever the verdict), 2 no outcomes joined for the model, or a version with none."})
final class ModelsCompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<model>", description = "The model name, e.g. churn.")
    String model;

    @Parameters(index = "1", paramLabel = "<a>", description = "A version, e.g. the champion 1.0.0.")
    String a;

    @Parameters(index = "2", paramLabel = "<b>", description = "Another version, e.g. the canary 1.1.0.")
    String b;

    @Option(names = "--min-judged", paramLabel = "N", description = "Judged outcomes each version needs before a winner"
            + " is called (default ${DEFAULT-VALUE}).")
    long minJudged = VersionComparison.DEFAULT_MIN_JUDGED;

    @Option(names = "--min-per-class", paramLabel = "N", description = "Positives, and negatives, each version needs"
            + " before a winner is called (default ${DEFAULT-VALUE}).")
    long minPerClass = VersionComparison.DEFAULT_MIN_PER_CLASS;

    @Option(names = "--margin", paramLabel = "AUC", description = "Also test that <b> is no worse than <a>: the upper"
            + " one-sided bound of AUC(a) - AUC(b) below this margin, e.g. 0.02 (what a gate's canary rule tests).")
    Double margin;

    @Option(names = "--alpha", description = "Significance level of the AUC test (default ${DEFAULT-VALUE}).")
    double alpha = VersionComparison.DEFAULT_ALPHA;

    @Option(names = "--json", description = "Print the comparison as JSON.")
    boolean json;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() throws Exception {
        if (minJudged < 1) throw new InvalidInputException("--min-judged must be at least 1, found " + minJudged);
        if (!(alpha > 0 && alpha < 1)) throw new InvalidInputException("--alpha must be in (0, 1), found " + alpha);
        if (minPerClass < 1) throw new InvalidInputException("--min-per-class must be at least 1, found " + minPerClass);
        if (margin != null && !(margin >= 0 && margin < 1)) {
            throw new InvalidInputException("--margin must be in [0, 1), found " + margin);
        }
        try (Project p = project.open()) {
            StepRecord newest = ModelsPerformanceCommand.newest(p, model);
            RealisedPerformance report = RealisedPerformance.of(newest.reports().get(RealisedPerformance.ARTIFACT.name()));
            VersionComparison c;
            try {
                c = VersionComparison.of(report, a, b, minJudged, minPerClass, alpha,
                        margin == null ? Double.NaN : margin);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
            if (json) {
                var doc = Json.MAPPER.createObjectNode();
                doc.put("format_version", 1);
                doc.put("joined_by_run", newest.runId());
                doc.put("outcomes_version", report.outcomesVersion());
                doc.setAll((com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.valueToTree(c));
                System.out.println(Json.PRETTY.writeValueAsString(doc));
            } else {
                System.out.println(text(c, newest.runId(), report));
            }
            return RunOutcome.EXIT_OK;
        }
    }

    static String text(VersionComparison c, String runId, RealisedPerformance report) {
        var out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s %s vs %s, each on the keys it scored; outcomes joined by run %s"
                + " (outcomes version %d)%n", c.model(), c.a().version(), c.b().version(), runId, report.outcomesVersion()));
        out.append(String.format(Locale.ROOT, "%-10s %7s %8s %9s %8s %9s%n", "VERSION", "JUDGED", "WAITING", "POSITIVE",
                "AUC", "LOG-LOSS"));
        for (var arm : new VersionComparison.Arm[]{c.a(), c.b()}) {
            out.append(String.format(Locale.ROOT, "%-10s %7d %8d %9d %8s %9s%n", arm.version(), arm.judged(),
                    arm.waiting(), arm.positives(), number(arm.auc()), number(arm.logLoss())));
        }
        out.append(test("AUC", c.auc(), c, "two-sided z-test, Hanley-McNeil standard errors, independent samples"));
        out.append(test("log-loss", c.logLoss(), c, "Welch's statistic as a z-test; negative favours "
                + c.b().version()));
        if (c.nonInferiority() != null) {
            out.append("non-inferiority: ").append(c.nonInferiority().describe(c.a().version(), c.b().version()))
                    .append(" (one-sided)\n");
        }
        out.append("verdict: ").append(c.explanation());
        return out.toString();
    }

    private static String test(String name, VersionComparison.Test t, VersionComparison c, String method) {
        if (t == null) return name + ": not tested (undefined for a version, or no spread measured)\n";
        return String.format(Locale.ROOT, "%s %s - %s: %+.4f, standard error %.4f, z %.2f, p %.4g (%s)%n", name,
                c.b().version(), c.a().version(), t.difference(), t.standardError(), t.z(), t.pValue(), method);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
