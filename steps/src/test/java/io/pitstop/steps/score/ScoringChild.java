package io.pitstop.steps.score;

import io.pitstop.engine.step.StepResult;

import java.nio.file.Path;

/**
 * A scoring run in a process of its own, for the fault tests: {@code <project dir> <run id> <input> [<mode>]}.
 * Exit 0 when the predictions were committed, 1 otherwise.
 */
public final class ScoringChild {

    public static void main(String[] args) throws Exception {
        try (var project = new ScoringProject(Path.of(args[0]))) {
            StepResult result = new ScoreBatchStep().run(
                    new ScoreBatchStep.Params(args[2], ScoreBatchStepTest.TABLE, null, null, null,
                            args.length > 3 ? args[3] : null),
                    project.context(args[1]).build());
            System.out.println(result.outcome() + ": " + result.message());
            System.exit(result.outcome() == StepResult.Outcome.SUCCEEDED ? 0 : 1);
        }
    }
}
