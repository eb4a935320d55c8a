package io.pitstop.engine.cli;

import io.pitstop.engine.plan.Plan;
import io.pitstop.engine.spec.BoundStep;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepSpec;
import io.pitstop.engine.step.OutcomeIntake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code pitstop outcomes add <file>}: runs the pipeline's outcome step (a kind implementing
 * {@link OutcomeIntake}) alone, as a run of its own, on that file. What it checks, stores and joins is the
 * step's; the run store records the run like any other, so {@code models performance} reads its report.
 */
@Command(name = "outcomes", mixinStandardHelpOptions = true, description = "Outcomes that arrive after the predictions.",
        subcommands = {OutcomesCommand.Add.class})
final class OutcomesCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds a file of outcomes (key, outcome, when it became known) and joins them to the predictions made before them.",
                    "Exit 0 added, 1 the file was refused (nothing added), 2 invalid input."})
    static final class Add implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "<file>", description = "The outcomes file (CSV), relative to the project.")
        String file;

        @Option(names = "--pipeline", paramLabel = "<pipeline.yaml>",
                description = "The pipeline whose outcome step to run; default: the one pipeline under pipelines/ that has one.")
        Path pipeline;

        @Option(names = "--step", paramLabel = "<id>", description = "The outcome step to run when the pipeline has several.")
        String stepId;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws IOException {
            Path dir = project.projectDir.toAbsolutePath().normalize();
            io.pitstop.engine.conf.ProjectPaths.inside(dir).refusal(file).ifPresent(why -> {
                throw new InvalidInputException(file + ": " + why);
            });
            Path csv = dir.resolve(file).normalize();
            if (!Files.isRegularFile(csv)) throw new InvalidInputException(file + ": no such file (resolved to " + csv + ")");
            CheckedPipeline checked = pipeline != null
                    ? CheckCommand.load(PipelineFile.resolve(project.projectDir, pipeline), project.projectDir, project.profile)
                    : onlyPipelineWithOutcomes(dir);
            BoundStep step = intakeStep(checked);
            String relative = dir.relativize(csv).toString();
            step = new BoundStep(step.spec(), step.step(), intake(step).withInput(step.params(), relative));
            StepSpec alone = new StepSpec(step.id(), step.spec().uses(), List.of(), step.spec().with(),
                    step.spec().description(), step.spec().location());
            var only = new CheckedPipeline(checked.spec(), new Plan(List.of(step.id()), Map.of(step.id(), List.of())),
                    Map.of(step.id(), new BoundStep(alone, step.step(), step.params())));
            try (var run = ProjectRunner.open(project)) {
                return run.runner.withoutLockFile().run(only).exitCode();
            }
        }

        private CheckedPipeline onlyPipelineWithOutcomes(Path dir) throws IOException {
            Path pipelines = dir.resolve("pipelines");
            var found = new ArrayList<CheckedPipeline>();
            var names = new ArrayList<String>();
            if (Files.isDirectory(pipelines)) {
                try (Stream<Path> files = Files.list(pipelines)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                        try {
                            CheckedPipeline c = CheckCommand.load(f, project.projectDir, project.profile);
                            if (c.plan().order().stream().anyMatch(id -> c.step(id).step() instanceof OutcomeIntake<?>)) {
                                found.add(c);
                                names.add(dir.relativize(f).toString());
                            }
                        } catch (SpecException e) {
                            // A pipeline that does not load is not the one meant; `check` says what is wrong with it.
                        }
                    }
                }
            }
            if (found.size() != 1) {
                throw new InvalidInputException((found.isEmpty() ? "no pipeline under pipelines/ has an outcome step"
                        : "several pipelines have an outcome step: " + names) + "; name one with --pipeline");
            }
            return found.get(0);
        }

        private BoundStep intakeStep(CheckedPipeline checked) {
            List<BoundStep> steps = checked.plan().order().stream().map(checked::step)
                    .filter(s -> s.step() instanceof OutcomeIntake<?>).toList();
            if (stepId != null) {
                return steps.stream().filter(s -> s.id().equals(stepId)).findFirst().orElseThrow(() ->
                        new InvalidInputException("the pipeline has no outcome step '" + stepId + "'; its outcome steps: "
                                + steps.stream().map(BoundStep::id).toList()));
            }
            if (steps.size() != 1) {
                throw new InvalidInputException("the pipeline has " + steps.size() + " outcome steps"
                        + (steps.isEmpty() ? "" : "; name one with --step: " + steps.stream().map(BoundStep::id).toList()));
            }
            return steps.get(0);
        }

        @SuppressWarnings("unchecked")
        private static OutcomeIntake<Record> intake(BoundStep step) {
            return (OutcomeIntake<Record>) step.step();
        }
    }
}
