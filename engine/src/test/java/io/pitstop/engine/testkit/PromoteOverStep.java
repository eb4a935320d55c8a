package io.pitstop.engine.testkit;

import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;

import java.util.Set;

/**
 * {@code testkit.promote}: registers {@code version} of the pipeline's model and promotes it over the
 * champion {@code expect} names ({@code none}: no champion), as {@code release.promote} does with the
 * champion its gate report names, without a trained model; so a test can make production move under
 * a run.
 */
public final class PromoteOverStep implements Step<PromoteOverStep.Params> {

    public record Params(String version, String expect) {
        public Params {
            if (version == null) throw new IllegalArgumentException("'version' is required");
        }
    }

    @Override
    public String kind() {
        return "testkit.promote";
    }

    @Override
    public String description() {
        return "Registers a version and promotes it over an expected champion (a test step kind).";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Set<String> produces(Params params) {
        return Set.of("released_version");
    }

    @Override
    public StepResult run(Params params, StepContext ctx) {
        String model = ctx.model().name();
        ctx.registry().register(model, params.version(), ctx.runId(), "/pk/" + params.version(), "h-" + params.version(), "test");
        String expected = params.expect() == null || params.expect().equals("none") ? null : params.expect();
        ctx.registry().promoteOver(model, params.version(), expected, "test", "testkit", ctx.runId(), null);
        return StepResult.succeeded().output("released_version", params.version()).build();
    }
}
