package io.pitstop.engine.testkit;

import io.pitstop.engine.fault.KillPoint;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;

import java.util.Set;

/**
 * {@code testkit.pause}: reads the upstream {@code file} and succeeds, except in a JVM started with
 * {@code -Dpitstop.fault.pause=testkit-pause}: there it writes the marker file and waits forever, so a
 * kill test can SIGKILL a real run in the middle of a step.
 */
public final class PauseStep implements Step<PauseStep.Params> {

    /** The kill point this step pauses at. */
    public static final String POINT = "testkit-pause";

    public record Params(String note) {
    }

    @Override
    public String kind() {
        return "testkit.pause";
    }

    @Override
    public String description() {
        return "Pauses forever when the testkit-pause kill point is armed (a test step kind).";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Set<String> consumes(Params params) {
        return Set.of("file");
    }

    @Override
    public Set<String> produces(Params params) {
        return Set.of("paused");
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws Exception {
        KillPoint.reach(POINT);
        return StepResult.succeeded().output("paused", "no").build();
    }
}
