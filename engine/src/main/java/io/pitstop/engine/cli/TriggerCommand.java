package io.pitstop.engine.cli;

import io.pitstop.engine.lineage.WorkingCopy;
import io.pitstop.engine.lineage.openlineage.OpenLineageEvents;
import io.pitstop.engine.run.ConsoleReporter;
import io.pitstop.engine.run.ResourcePool;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.run.Runner;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.trigger.TagCheckout;
import io.pitstop.engine.trigger.TriggerRefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pitstop trigger train/<pipeline>/<label>}: runs a pipeline at exactly the commit a Git tag
 * points to, in a clean working copy under the state directory, recording the run in this project's
 * run store with the tag and commit in its lineage. Only the code comes from the copy: the run's state
 * (run store, registry, keys, packages, DVC remote, prediction tables) is the project's, as for {@code run}.
 */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = {"Runs the pipeline a Git tag train/<pipeline>/<label> names, at exactly the tagged commit,",
                "in a clean working copy (<state_dir>/triggers/<tag>); the run records trigger.tag and trigger.commit.",
                "Refused (exit 2): a tag naming no pipeline, a missing tag or commit, a pipeline file absent",
                "at that commit, or a dirty working copy. Otherwise the exit code of the run."})
final class TriggerCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<tag>", description = "A tag such as train/telco-churn/2026-11-22.")
    String tag;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() {
        try (Project p = project.open();
             var console = ConsoleReporter.forTerminal()) {
            TagCheckout checkout;
            try {
                checkout = TagCheckout.prepare(p.dir, tag, p.profile.stateDir().resolve("triggers"));
            } catch (TriggerRefusedException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
            // The copy holds the code only. The profile stays the project's, so its state directory, run store,
            // keys, packages, DVC remote and tables are the ones `run`, `step` and `score` use too; so is DVC's cache.
            try {
                WorkingCopy.shareDvcCache(p.dir, checkout.workDir());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot point " + checkout.workDir() + " at the project's DVC cache", e);
            }
            CheckedPipeline checked;
            try {
                checked = CheckCommand.load(checkout.workDir().resolve(checkout.pipelineFile()),
                        new io.pitstop.engine.conf.ProjectPaths(checkout.workDir(),
                                io.pitstop.engine.conf.ProjectPaths.of(p.profile).allowedRoots()));
            } catch (SpecException e) {
                System.err.println("pitstop: " + checkout.pipelineFile() + " at " + checkout.commit() + " is invalid:");
                for (Problem problem : e.problems()) System.err.println(problem);
                return RunOutcome.EXIT_INVALID;
            }
            if (!checked.spec().name().equals(checkout.pipeline())) {
                throw new InvalidInputException("tag '" + tag + "' names pipeline '" + checkout.pipeline() + "', but "
                        + checkout.pipelineFile() + " at " + checkout.commit() + " declares '" + checked.spec().name() + "'");
            }
            console.line("trigger " + tag + " -> commit " + checkout.commit() + " in " + checkout.workDir());
            try (var resources = new ResourcePool(p.profile, p.dir);
                 var lineage = OpenLineageEvents.of(p.profile, console::line)
                         .and(io.pitstop.engine.mlflow.MlflowMirror.observer(p.profile, p.store, p.registry, console::line))) {
                var runner = new Runner(p.store, p.registry, p.profile, resources, console, Clock.systemUTC())
                        .observedBy(lineage)
                        .inWorkingCopy(checkout.workDir())
                        .withOrigin(Map.of("trigger.tag", tag, "trigger.commit", checkout.commit()));
                return runner.run(checked).exitCode();
            }
        }
    }
}
