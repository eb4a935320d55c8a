package io.pitstop.engine.cli;

import io.pitstop.engine.plan.Plan;
import io.pitstop.engine.spec.BoundStep;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepSpec;
import io.pitstop.engine.step.InputScoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pitstop score}: runs only the pipeline's batch-scoring step, as a run of its own in the run
 * store, optionally on another input than the pipeline names. Everything else (pinning, checks,
 * monitoring, the atomic swap) is the step's.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores an input with the production model: runs the pipeline's score.batch step alone.",
                "Exit 0 committed, 1 the run failed (the prediction table is unchanged), 2 invalid input."})
final class ScoreCommand implements Callable<Integer> {


    @Parameters(paramLabel = "<pipeline.yaml>", description = "The pipeline file, e.g. pipelines/telco-churn.yaml.")
    Path pipeline;

    @Option(names = "--input", paramLabel = "<file>",
            description = "Score this file (relative to the project) instead of the step's 'input'.")
    String input;

    @Option(names = "--mode", paramLabel = "<mode>",
            description = "How the predictions enter the table instead of the step's 'mode': replace, append or merge.")
    String mode;

    @Option(names = "--step", paramLabel = "<id>",
            description = "The score.batch step to run when the pipeline has several.")
    String stepId;

    @Option(names = "--run-id", paramLabel = "<id>", description = "Use this run id instead of a new one.")
    String runId;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() {
        // A SpecException goes to PitstopCli: one path:line:column line per problem, exit 2.
        CheckedPipeline checked = CheckCommand.load(PipelineFile.resolve(project.projectDir, pipeline), project.projectDir,
                project.profile);
        BoundStep step = scoreStep(checked);
        if (input != null) {
            // --input bypasses the pipeline file's checks: the same path rule (inside the project, a URI, or
            // under an allowed root) holds for it.
            io.pitstop.engine.conf.ProjectPaths paths;
            try {
                paths = io.pitstop.engine.conf.ProjectPaths.of(project.profileOnly());
            } catch (InvalidInputException noProfile) {
                paths = io.pitstop.engine.conf.ProjectPaths.inside(project.projectDir.toAbsolutePath().normalize());
            }
            paths.refusal(input).ifPresent(why -> {
                throw new InvalidInputException("--input " + why);
            });
            try {
                step = new BoundStep(step.spec(), step.step(), scoring(step).withInput(step.params(), input));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--input " + input + ": " + e.getMessage());
            }
        }
        if (mode != null) {
            try {
                step = new BoundStep(step.spec(), step.step(), scoring(step).withMode(step.params(), mode));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--mode " + mode + ": " + e.getMessage());
            }
        }
        // Nothing upstream runs in a scoring run, so the input must be there now; if not, that is the call's
        // fault (exit 2), not a run that failed and could be resumed.
        requireInputFile(step);
        // The step alone: its upstream steps (training, release) are not part of a scoring run.
        StepSpec alone = new StepSpec(step.id(), step.spec().uses(), List.of(), step.spec().with(),
                step.spec().description(), step.spec().location());
        var only = new CheckedPipeline(checked.spec(), new Plan(List.of(step.id()), Map.of(step.id(), List.of())),
                Map.of(step.id(), new BoundStep(alone, step.step(), step.params())));
        try (var run = ProjectRunner.open(project)) {
            if (runId != null && run.project.store.findRun(runId).isPresent()) {
                throw new InvalidInputException("a run with id '" + runId + "' already exists; choose another id");
            }
            // One step, maybe with another input: not the pipeline's state, so its lock file stays as it is.
            var runner = run.runner.withoutLockFile();
            return (runId == null ? runner.run(only) : runner.run(only, runId)).exitCode();
        }
    }

    private BoundStep scoreStep(CheckedPipeline checked) {
        // A rehearsal (model: candidate) scores the run's own package before promotion; alone it has none.
        List<BoundStep> scoring = checked.plan().order().stream().map(checked::step)
                .filter(s -> s.step() instanceof InputScoring<?>)
                .filter(s -> !scoring(s).rehearsal(s.params())).toList();
        if (stepId != null) {
            return scoring.stream().filter(s -> s.id().equals(stepId)).findFirst().orElseThrow(() ->
                    new InvalidInputException("pipeline " + pipeline + " has no scoring step '" + stepId
                            + "'; its scoring steps: " + scoring.stream().map(BoundStep::id).toList()));
        }
        if (scoring.size() != 1) {
            throw new InvalidInputException("pipeline " + pipeline + " has " + scoring.size() + " scoring"
                    + " steps" + (scoring.isEmpty() ? "; nothing to score with" : "; name one with --step: "
                    + scoring.stream().map(BoundStep::id).toList()));
        }
        return scoring.get(0);
    }

    /** Refuses an input that is missing or a directory, before any run is recorded. */
    private void requireInputFile(BoundStep step) {
        String name = scoring(step).input(step.params());
        if (name == null) return;
        Path file = project.projectDir.toAbsolutePath().normalize().resolve(name);
        String given = input != null ? "--input " + name : "the input " + name + " of step '" + step.id() + "'";
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(given + " is a directory (" + file + "); expected a CSV file");
        }
        if (!Files.exists(file)) throw new InvalidInputException(given + ": no such file (resolved to " + file + ")");
    }

    /** The step's scoring side; its params are its own record type, which the engine does not know. */
    @SuppressWarnings("unchecked")
    private static InputScoring<Record> scoring(BoundStep step) {
        return (InputScoring<Record>) step.step();
    }
}
