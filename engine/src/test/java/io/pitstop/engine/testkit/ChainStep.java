package io.pitstop.engine.testkit;

import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code train.testkit}: writes its text, after the upstream {@code file}'s content when there is
 * one, to {@code out.txt}. Produces {@code file} and the metric {@code length}, so a run of it has
 * every part a run record can show: params, inputs, outputs and metrics.
 */
public final class ChainStep implements Step<ChainStep.Params> {

    public record Params(String text) {
        public Params {
            if (text == null) throw new IllegalArgumentException("'text' is required");
        }
    }

    @Override
    public String kind() {
        return "train.testkit";
    }

    @Override
    public String description() {
        return "Writes a text file as a chain step (a test step kind).";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Set<String> produces(Params params) {
        return Set.of("file");
    }

    @Override
    public StepResult run(Params params, StepContext ctx) throws Exception {
        String before = ctx.upstream().find("file").isPresent() ? Files.readString(ctx.upstream().path("file")) : "";
        Path out = ctx.outputDir().resolve("out.txt");
        Files.writeString(out, before + params.text());
        return StepResult.succeeded().output("file", out).metric("length", Files.size(out)).build();
    }
}
