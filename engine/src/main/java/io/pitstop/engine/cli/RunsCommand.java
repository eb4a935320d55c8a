package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "What ran: runs and their steps.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class, RunsCommand.CompareRuns.class,
                RunsDecisionsCommand.class})
final class RunsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists runs, newest first.")
    static final class ListRuns implements Callable<Integer> {
        @Option(names = "--limit", defaultValue = "20", description = "How many runs. Default: ${DEFAULT-VALUE}.")
        int limit;

        @Option(names = "--json", description = "Print the runs as JSON, with each run's step counts by status.")
        boolean json;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws Exception {
            if (limit < 1) throw new InvalidInputException("--limit must be at least 1, found " + limit);
            try (Project p = project.open()) {
                List<RunRecord> runs = p.store.listRuns(limit);
                if (json) {
                    var steps = new java.util.HashMap<String, List<StepRecord>>();
                    runs.forEach(r -> steps.put(r.runId(), p.store.steps(r.runId())));
                    System.out.println(Json.PRETTY.writeValueAsString(RunJson.list(runs, steps)));
                    return RunOutcome.EXIT_OK;
                }
                if (runs.isEmpty()) {
                    System.out.println("no runs yet: start one with ./pitstop run pipelines/<name>.yaml");
                    return RunOutcome.EXIT_OK;
                }
                System.out.printf("%-22s %-18s %-10s %-20s %9s %-10s %s%n",
                        "RUN", "PIPELINE", "STATUS", "STARTED", "DURATION", "COMMIT", "STEPS");
                for (RunRecord r : runs) {
                    System.out.printf("%-22s %-18s %-10s %-20s %9s %-10s %s%n", r.runId(), r.pipeline(), r.status(),
                            r.startedAt().toString().substring(0, 19).replace('T', ' '), RunText.duration(r.startedAt(), r.endedAt()),
                            abbreviate(r.gitCommit()) + (r.gitDirty() ? "+" : ""), summary(p.store.steps(r.runId())));
                }
                return RunOutcome.EXIT_OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows one run: each step's status, duration, inputs, outputs, params and metrics.")
    static final class ShowRun implements Callable<Integer> {
        @Parameters(paramLabel = "<run-id>", description = "The run, as listed by 'pitstop runs list'.")
        String runId;

        @Option(names = "--json", description = "Print the full record as JSON (docs/schemas/run-record.schema.json).")
        boolean json;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws Exception {
            try (Project p = project.open()) {
                RunRecord run = p.store.findRun(runId).orElseThrow(() ->
                        new InvalidInputException("no run '" + runId + "' (see ./pitstop runs list)"));
                List<StepRecord> steps = p.store.steps(runId);
                if (json) {
                    System.out.println(Json.PRETTY.writeValueAsString(RunJson.record(run, steps)));
                    return RunOutcome.EXIT_OK;
                }
                new RunText(System.out).print(run, steps);
                return RunOutcome.EXIT_OK;
            }
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Shows two runs side by side: what differs in the run (commit, spec, profile), data"
                    + " versions, step code, params, metrics and environment.")
    static final class CompareRuns implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<run-a>", description = "The first run (left).")
        String left;

        @Parameters(index = "1", paramLabel = "<run-b>", description = "The second run (right).")
        String right;

        @Option(names = "--all", description = "Also list the items that are the same in both runs.")
        boolean all;

        @Option(names = "--json", description = "Print every compared item as JSON, with a 'same' flag.")
        boolean json;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws Exception {
            try (Project p = project.open()) {
                RunRecord a = find(p, left);
                RunRecord b = find(p, right);
                RunComparison comparison = RunComparison.of(a, p.store.steps(a.runId()), b, p.store.steps(b.runId()));
                if (json) {
                    ObjectNode root = Json.MAPPER.createObjectNode().put("format_version", RunJson.FORMAT_VERSION)
                            .put("left", comparison.left()).put("right", comparison.right());
                    ArrayNode items = root.putArray("items");
                    for (RunComparison.Item i : comparison.items()) {
                        items.addObject().put("section", i.section().name().toLowerCase())
                                .put("name", i.name()).put("left", i.left()).put("right", i.right())
                                .put("same", i.same());
                    }
                    System.out.println(Json.PRETTY.writeValueAsString(root));
                } else {
                    new ComparisonText(System.out).print(comparison, all);
                }
                return RunOutcome.EXIT_OK;
            }
        }

        private static RunRecord find(Project p, String runId) {
            return p.store.findRun(runId).orElseThrow(() ->
                    new InvalidInputException("no run '" + runId + "' (see ./pitstop runs list)"));
        }
    }

    static String summary(List<StepRecord> steps) {
        var counts = new TreeMap<StepStatus, Integer>();
        steps.forEach(s -> counts.merge(s.status(), 1, Integer::sum));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase())
                .collect(Collectors.joining(", "));
    }

    static String abbreviate(String s) {
        return s == null ? "-" : s.length() > 10 ? s.substring(0, 10) : s;
    }
}
