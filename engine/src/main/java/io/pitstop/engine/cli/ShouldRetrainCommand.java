package io.pitstop.engine.cli;

import io.pitstop.engine.json.Json;
import io.pitstop.engine.policy.EvidenceReader;
import io.pitstop.engine.policy.RetrainDecision;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.PipelineSpec;
import io.pitstop.engine.spec.RetrainPolicy;
import io.pitstop.engine.store.DecisionRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code pitstop should-retrain <pipeline.yaml>}: judges the pipeline's {@code retrain_when:} against what
 * the run store, the registry and the data say now, runs no step, and records the decision with its
 * evidence. The exported DAG's first task: exit 5 skips the night's run.
 */
@Command(name = "should-retrain", mixinStandardHelpOptions = true,
        description = {"Judges the pipeline's retrain_when: policy against the evidence (drift of the newest scoring run,",
                "realised performance, rows changed, model age) without running a step; records the decision in the run store.",
                "Exit 0 retrain (a condition held, or no version is in production, or the pipeline has no policy),",
                "5 skip (no condition held), 2 invalid pipeline."})
final class ShouldRetrainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<pipeline.yaml>",
            description = "The pipeline file, relative to the project directory, e.g. pipelines/telco-churn.yaml.")
    Path pipeline;

    @Option(names = "--json", description = "Print the decision as JSON (snake_case, with a format_version).")
    boolean json;

    @Mixin
    ProjectOptions project;

    /** The clock model age is measured with; tests move it forward. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        Path file = PipelineFile.resolve(project.projectDir, pipeline);
        CheckedPipeline checked = CheckCommand.load(file, project.projectDir, project.profile);
        PipelineSpec spec = checked.spec();
        RetrainPolicy policy = spec.retrainPolicy().orElse(null);
        try (Project p = project.open()) {
            var evidence = new EvidenceReader(p.store, p.registry, p.dir, clock).read(spec);
            String id = "d" + p.store.newRunId().substring(1);
            RetrainDecision decision = RetrainDecision.decide(id, spec.name(), spec.model().name(), policy, evidence,
                    clock.instant());
            String document = Json.PRETTY.writeValueAsString(decision);
            p.store.recordDecision(new DecisionRecord(id, spec.name(), spec.model().name(), decision.decidedAt(),
                    decision.retrain(), decision.fired(), Json.MAPPER.writeValueAsString(decision)));
            System.out.println(json ? document : decision.text());
            return decision.retrain() ? RunOutcome.EXIT_OK : RunOutcome.EXIT_SKIP_RETRAIN;
        }
    }
}
