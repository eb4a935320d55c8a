package io.pitstop.engine.cli;

import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a whole pipeline in this JVM, sharing one SparkSession between its steps.",
                "Steps whose inputs did not change since an earlier run are served from the cache.",
                "Exit 0 done, 1 a step failed (resume it with 'pitstop resume <run-id>'), 2 invalid pipeline,"
                        + " 3 the quality gate released nothing."})
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<pipeline.yaml>",
            description = "The pipeline file, relative to the project directory, e.g. pipelines/telco-churn.yaml.")
    Path pipeline;

    @Option(names = "--run-id", paramLabel = "<id>", description = "Use this run id instead of a new one.")
    String runId;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() {
        // A SpecException goes to PitstopCli: one path:line:column line per problem, exit 2.
        CheckedPipeline checked = CheckCommand.load(PipelineFile.resolve(project.projectDir, pipeline), project.projectDir,
                project.profile);
        try (var run = ProjectRunner.open(project)) {
            if (runId != null && run.project.store.findRun(runId).isPresent()) {
                throw new InvalidInputException("a run with id '" + runId + "' already exists; continue it with"
                        + " './pitstop resume " + runId + "' or choose another id");
            }
            RunOutcome outcome = runId == null ? run.runner.run(checked) : run.runner.run(checked, runId);
            return outcome.exitCode();
        }
    }
}
