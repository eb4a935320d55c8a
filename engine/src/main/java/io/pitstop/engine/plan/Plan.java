package io.pitstop.engine.plan;

import java.util.List;
import java.util.Map;

/**
 * The order the runner executes steps in (a topological order, stable: declaration order among
 * steps that are ready together), and each step's ancestors, nearest first, which is the order
 * {@link io.pitstop.engine.step.Upstream} searches outputs in.
 */
public record Plan(List<String> order, Map<String, List<String>> ancestors) {
    public Plan {
        order = List.copyOf(order);
        ancestors = Map.copyOf(ancestors);
    }

    /** The step and everything downstream of it, in plan order. */
    public List<String> downstreamOf(String stepId) {
        return order.stream()
                .filter(s -> s.equals(stepId) || ancestors.getOrDefault(s, List.of()).contains(stepId))
                .toList();
    }
}
