package io.pitstop.engine.spec;

import io.pitstop.engine.plan.Plan;

import java.util.Map;

/** A pipeline that passed every check: its spec, its plan and every step bound to its implementation. */
public record CheckedPipeline(PipelineSpec spec, Plan plan, Map<String, BoundStep> steps) {
    public CheckedPipeline {
        steps = Map.copyOf(steps);
    }

    public BoundStep step(String id) {
        BoundStep s = steps.get(id);
        if (s == null) throw new IllegalArgumentException("no step '" + id + "' in pipeline " + spec.name());
        return s;
    }
}
