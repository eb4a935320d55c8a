package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.DecisionRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pitstop runs decisions <pipeline>}: the retraining decisions {@code should-retrain} recorded for a
 * pipeline, newest first. A decision is what let a night's run start or skipped it, so it sits with the runs;
 * the evidence is printed as recorded, never re-judged.
 */
@Command(name = "decisions", mixinStandardHelpOptions = true,
        description = {"Lists the retraining decisions should-retrain recorded for a pipeline, newest first:",
                "when, retrain or skip, and the conditions that held."})
final class RunsDecisionsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<pipeline>", description = "The pipeline name (its 'pipeline:' field), e.g. telco-churn.")
    String pipeline;

    @Option(names = "--limit", defaultValue = "20", description = "How many decisions. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--json", description = "Print the decisions as JSON, each with its evidence (the should-retrain --json document).")
    boolean json;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) throw new InvalidInputException("--limit must be at least 1, found " + limit);
        try (Project p = project.open()) {
            List<DecisionRecord> decisions = p.store.decisions(pipeline, limit);
            if (json) {
                ObjectNode root = Json.MAPPER.createObjectNode().put("format_version", 1).put("pipeline", pipeline);
                ArrayNode items = root.putArray("decisions");
                for (DecisionRecord d : decisions) {
                    ObjectNode item = items.addObject().put("decision_id", d.decisionId()).put("model", d.model())
                            .put("decided_at", d.decidedAt().toString()).put("retrain", d.retrain());
                    d.fired().forEach(item.putArray("fired")::add);
                    item.set("evidence", Json.MAPPER.readTree(d.evidenceJson()));
                }
                System.out.println(Json.PRETTY.writeValueAsString(root));
                return RunOutcome.EXIT_OK;
            }
            if (decisions.isEmpty()) {
                System.out.println("no retraining decisions recorded for pipeline '" + pipeline
                        + "': ./pitstop should-retrain pipelines/<name>.yaml records one");
                return RunOutcome.EXIT_OK;
            }
            System.out.printf("%-22s %-20s %-8s %-12s %s%n", "DECISION", "DECIDED", "ACTION", "MODEL", "HELD");
            for (DecisionRecord d : decisions) {
                System.out.printf("%-22s %-20s %-8s %-12s %s%n", d.decisionId(),
                        d.decidedAt().toString().substring(0, 19).replace('T', ' '), d.retrain() ? "retrain" : "skip",
                        d.model(), d.fired().isEmpty() ? "-" : String.join(", ", d.fired()));
            }
            return RunOutcome.EXIT_OK;
        }
    }
}
