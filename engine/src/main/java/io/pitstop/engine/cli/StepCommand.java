package io.pitstop.engine.cli;

import io.pitstop.engine.run.Runner;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * One step of a run in its own process: what each task of an exported Airflow DAG runs, so that
 * caching, resume, gates and the run store stay in Pitstop and the scheduler only orders and
 * retries. The first step of a run id creates the run.
 */
@Command(name = "step", mixinStandardHelpOptions = true,
        description = {"Runs one step of a run in this process (what a scheduler's task runs).",
                "The first step of a new run id creates the run; upstream outputs come from the run store.",
                "A step this run already did with unchanged inputs is a no-op, so retries are safe.",
                "Exit 0 done, 1 the step failed, 2 invalid input or its upstream steps have not succeeded,"
                        + " 3 the step released nothing (the quality gate said no)."})
final class StepCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<pipeline.yaml>",
            description = "The pipeline file, relative to the project directory, e.g. pipelines/telco-churn.yaml.")
    Path pipeline;

    @Parameters(index = "1", paramLabel = "<step>", description = "The id of the step to run.")
    String stepId;

    @Option(names = "--run-id", required = true, paramLabel = "<id>",
            description = "The run this step belongs to (e.g. the Airflow run id); created on first use.")
    String runId;

    @Option(names = "--when-upstream-skipped", description = "Run the step even if upstream steps did not run or"
            + " stopped in this run (not if one failed), when it consumes nothing from them and each of them is a"
            + " train, evaluate or release step (not a data step): scoring with the production model on a night"
            + " the retraining policy skipped.")
    boolean whenUpstreamSkipped;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() {
        if (!runId.matches("[A-Za-z0-9][A-Za-z0-9_.:+-]{0,199}")) {
            throw new InvalidInputException("run id '" + runId + "' may only hold letters, digits and _.:+-");
        }
        // A SpecException goes to PitstopCli: one path:line:column line per problem, exit 2.
        CheckedPipeline checked = CheckCommand.load(PipelineFile.resolve(project.projectDir, pipeline), project.projectDir,
                project.profile);
        if (!checked.plan().order().contains(stepId)) {
            throw new InvalidInputException("pipeline '" + checked.spec().name() + "' has no step '" + stepId
                    + "' (steps: " + String.join(", ", checked.plan().order()) + ")");
        }
        try (var run = ProjectRunner.open(project)) {
            try {
                return run.runner.runStep(checked, runId, stepId, whenUpstreamSkipped).exitCode();
            } catch (Runner.UpstreamNotDoneException | IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
        }
    }
}
