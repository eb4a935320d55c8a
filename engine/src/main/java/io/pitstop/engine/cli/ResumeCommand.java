package io.pitstop.engine.cli;

import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continues a failed or stopped run from the step that did not succeed.",
                "Reads the pipeline file the run used (at its current content): steps that already",
                "succeeded with unchanged inputs are kept, the failed step and everything after it run again."})
final class ResumeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<run-id>", description = "The run to resume (see 'pitstop runs list').")
    String runId;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() {
        try (var session = ProjectRunner.open(project)) {
            Project p = session.project;
            RunRecord run = p.store.findRun(runId).orElseThrow(() -> new InvalidInputException(
                    "no run '" + runId + "' in " + p.profile.get("store.url", "the run store")
                            + " (see ./pitstop runs list)"));
            if (run.status() == RunStatus.SUCCEEDED) {
                throw new InvalidInputException("run " + runId + " succeeded; there is nothing to resume");
            }
            // The run recorded its file relative to the project; a file since deleted is the caller's to restore.
            // A SpecException goes to PitstopCli: one path:line:column line per problem, exit 2.
            CheckedPipeline checked = CheckCommand.load(PipelineFile.resolve(p.dir, Path.of(run.pipelineFile())),
                    io.pitstop.engine.conf.ProjectPaths.of(p.profile));
            if (!checked.spec().name().equals(run.pipeline())) {
                throw new InvalidInputException("run " + runId + " ran pipeline '" + run.pipeline() + "', but "
                        + run.pipelineFile() + " now declares '" + checked.spec().name() + "'");
            }
            return session.runner.resume(runId, checked).exitCode();
        }
    }
}
