package io.pitstop.engine.spec;

import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;

import java.util.Map;
import java.util.Set;

/**
 * A declared step joined to its implementation and its parameters, bound and validated. The
 * unchecked casts are safe because the loader bound {@code params} to {@code step.paramsType()}.
 */
public record BoundStep(StepSpec spec, Step<?> step, Record params) {

    public String id() {
        return spec.id();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Set<String> consumes() {
        return ((Step) step).consumes(params);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Set<String> produces() {
        return ((Step) step).produces(params);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Set<String> filesRead() {
        return ((Step) step).filesRead(params);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Map<String, String> externalInputs(StepContext ctx) throws Exception {
        return ((Step) step).externalInputs(params, ctx);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean cachedOutputsHold(Map<String, String> outputs, StepContext ctx) throws Exception {
        return ((Step) step).cachedOutputsHold(params, outputs, ctx);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public StepResult cachedResult(Map<String, String> outputs, StepContext ctx) throws Exception {
        return ((Step) step).cachedResult(params, outputs, ctx);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public StepResult run(StepContext ctx) throws Exception {
        return ((Step) step).run(params, ctx);
    }
}
