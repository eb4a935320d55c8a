package io.pitstop.engine.cli;

import io.pitstop.engine.run.ConsoleReporter;
import io.pitstop.engine.run.ResourcePool;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.run.Runner;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.store.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Clock;
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
        try (Project p = project.open();
             var resources = new ResourcePool(p.profile, p.dir);
             var console = ConsoleReporter.forTerminal()) {
            RunRecord run = p.store.findRun(runId).orElse(null);
            if (run == null) {
                System.err.println("pitstop: no run '" + runId + "' in " + p.profile.get("store.url", "the run store"));
                return RunOutcome.EXIT_INVALID;
            }
            CheckedPipeline checked;
            try {
                checked = CheckCommand.load(Path.of(run.pipelineFile()).isAbsolute()
                        ? Path.of(run.pipelineFile()) : p.dir.resolve(run.pipelineFile()), p.dir);
            } catch (SpecException e) {
                for (Problem problem : e.problems()) System.err.println(problem);
                return RunOutcome.EXIT_INVALID;
            }
            var runner = new Runner(p.store, p.registry, p.profile, resources, console, Clock.systemUTC());
            return runner.resume(runId, checked).exitCode();
        }
    }
}
