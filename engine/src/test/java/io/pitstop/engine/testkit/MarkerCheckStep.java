package io.pitstop.engine.testkit;

import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;

import java.nio.file.Files;
import java.util.Set;

/**
 * {@code testkit.check}: reads the upstream {@code file}; throws while a file named {@code FAIL}
 * exists in the project (so a test can make a run fail, remove the marker and resume it), and
 * ends the run as STOPPED when {@code stop: true} (as a quality gate that says no would).
 */
public final class MarkerCheckStep implements Step<MarkerCheckStep.Params> {

    /** The file whose presence in the project makes this step fail. */
    public static final String FAIL_MARKER = "FAIL";

    public record Params(Boolean stop) {
    }

    @Override
    public String kind() {
        return "testkit.check";
    }

    @Override
    public String description() {
        return "Fails while the FAIL marker exists; stops when told to (a test step kind).";
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
        return Set.of("checked");
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws Exception {
        if (Boolean.TRUE.equals(params.stop())) return StepResult.stopped("the check said no").build();
        if (Files.exists(ctx.resolve(FAIL_MARKER))) {
            throw new IllegalStateException("the " + FAIL_MARKER + " marker is present");
        }
        String content = Files.readString(ctx.upstream().path("file"));
        return StepResult.succeeded().output("checked", content).metric("checked_chars", content.length()).build();
    }
}
