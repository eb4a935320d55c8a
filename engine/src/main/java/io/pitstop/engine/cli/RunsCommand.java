package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "What ran: runs and their steps.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class})
final class RunsCommand {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists runs, newest first.")
    static final class ListRuns implements Callable<Integer> {
        @Option(names = "--limit", defaultValue = "20", description = "How many runs. Default: ${DEFAULT-VALUE}.")
        int limit;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                List<RunRecord> runs = p.store.listRuns(limit);
                if (runs.isEmpty()) {
                    System.out.println("no runs yet: start one with ./pitstop run pipelines/<name>.yaml");
                    return RunOutcome.EXIT_OK;
                }
                System.out.printf("%-22s %-18s %-10s %-20s %9s %-10s %s%n",
                        "RUN", "PIPELINE", "STATUS", "STARTED", "DURATION", "COMMIT", "STEPS");
                for (RunRecord r : runs) {
                    System.out.printf("%-22s %-18s %-10s %-20s %9s %-10s %s%n", r.runId(), r.pipeline(), r.status(),
                            r.startedAt().toString().substring(0, 19).replace('T', ' '), duration(r.startedAt(), r.endedAt()),
                            abbreviate(r.gitCommit()) + (r.gitDirty() ? "+" : ""), summary(p.store.steps(r.runId())));
                }
                return RunOutcome.EXIT_OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows one run: each step's status, duration, inputs, outputs, params and metrics.")
    static final class ShowRun implements Callable<Integer> {
        @Parameters(paramLabel = "<run-id>")
        String runId;

        @Option(names = "--json", description = "Print the full record as JSON.")
        boolean json;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws Exception {
            try (Project p = project.open()) {
                RunRecord run = p.store.findRun(runId).orElse(null);
                if (run == null) {
                    System.err.println("pitstop: no run '" + runId + "' (see ./pitstop runs list)");
                    return RunOutcome.EXIT_INVALID;
                }
                List<StepRecord> steps = p.store.steps(runId);
                if (json) {
                    ObjectNode root = JSON.valueToTree(run);
                    root.remove("specText");
                    root.set("environment", JSON.readTree(run.environmentJson() == null ? "{}" : run.environmentJson()));
                    root.remove("environmentJson");
                    root.set("steps", JSON.valueToTree(steps));
                    System.out.println(JSON.writeValueAsString(root));
                    return RunOutcome.EXIT_OK;
                }
                System.out.println("run       " + run.runId());
                System.out.println("pipeline  " + run.pipeline() + " (" + run.pipelineFile() + ", sha256 "
                        + abbreviate(run.specSha256()) + ")");
                System.out.println("status    " + run.status() + (run.message().isBlank() ? "" : ": " + run.message()));
                System.out.println("commit    " + run.gitCommit() + (run.gitDirty() ? " (uncommitted changes)" : ""));
                System.out.println("profile   " + run.profile());
                System.out.println("started   " + run.startedAt() + "   duration " + duration(run.startedAt(), run.endedAt()));
                for (StepRecord s : steps) {
                    System.out.println();
                    System.out.printf("  %-12s %-20s %-9s %s%n", s.stepId(), s.kind(), s.status(),
                            s.status() == StepStatus.CACHED ? "from run " + s.cachedFromRun()
                                    : duration(s.startedAt(), s.endedAt()));
                    if (!s.message().isBlank()) System.out.println("      message: " + s.message());
                    if (s.params() != null && s.params().size() > 0) System.out.println("      params:  " + s.params());
                    printMap("inputs", s.inputs());
                    printMap("outputs", s.outputs());
                    if (!s.metrics().isEmpty()) {
                        System.out.println("      metrics: " + new TreeMap<>(s.metrics()).entrySet().stream()
                                .map(e -> e.getKey() + "=" + format(e.getValue())).collect(Collectors.joining(", ")));
                    }
                    if (!s.curves().isEmpty()) System.out.println("      curves:  " + new TreeMap<>(s.curves()).keySet()
                            + " (" + s.curves().values().iterator().next().size() + " points; --json for values)");
                    if (!s.reports().isEmpty()) System.out.println("      reports: " + new TreeMap<>(s.reports()).keySet());
                    if (s.logPath() != null) System.out.println("      log:     " + s.logPath());
                }
                return RunOutcome.EXIT_OK;
            }
        }

        private static void printMap(String label, Map<String, String> map) {
            if (map.isEmpty()) return;
            System.out.println("      " + label + ":");
            new TreeMap<>(map).forEach((k, v) -> System.out.println("        " + k + " = " + v));
        }
    }

    static String summary(List<StepRecord> steps) {
        var counts = new TreeMap<StepStatus, Integer>();
        steps.forEach(s -> counts.merge(s.status(), 1, Integer::sum));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase())
                .collect(Collectors.joining(", "));
    }

    static String duration(Instant start, Instant end) {
        if (start == null || end == null) return "-";
        Duration d = Duration.between(start, end);
        long ms = d.toMillis();
        return ms < 60_000 ? String.format("%.1fs", ms / 1000.0) : String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }

    static String abbreviate(String s) {
        return s == null ? "-" : s.length() > 10 ? s.substring(0, 10) : s;
    }

    static String format(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.4f", v);
    }
}
