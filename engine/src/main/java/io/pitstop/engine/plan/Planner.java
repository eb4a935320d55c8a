package io.pitstop.engine.plan;

import io.pitstop.engine.spec.StepSpec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders declared steps for running. The order is stable (among steps whose needs are met, the one
 * declared first runs first) so that the same file always gives the same plan, the same logs and
 * the same exported DAG.
 *
 * <pre>
 * steps: [ {id: a}, {id: b, needs: a}, {id: c}, {id: d, needs: [b, c]} ]   # plan: a, b, c, d
 * </pre>
 */
public final class Planner {

    private Planner() {
    }

    /**
     * @throws IllegalArgumentException on a cycle or a need that names no step; the loader reports
     *                                  both as located problems before it ever plans
     */
    public static Plan plan(List<StepSpec> steps) {
        List<List<String>> cycles = cycles(steps);
        if (!cycles.isEmpty()) throw new IllegalArgumentException("cycle: " + String.join(" -> ", cycles.get(0)));
        Map<String, Integer> declared = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) declared.put(steps.get(i).id(), i);
        Map<String, Integer> waitingOn = new HashMap<>();
        Map<String, List<String>> neededBy = new HashMap<>();
        for (StepSpec s : steps) {
            Set<String> needs = new LinkedHashSet<>(s.needs());
            for (String n : needs) {
                if (!declared.containsKey(n)) {
                    throw new IllegalArgumentException("step '" + s.id() + "' needs unknown step '" + n + "'");
                }
                neededBy.computeIfAbsent(n, k -> new ArrayList<>()).add(s.id());
            }
            waitingOn.put(s.id(), needs.size());
        }
        PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> Integer.compare(declared.get(a), declared.get(b)));
        steps.stream().map(StepSpec::id).filter(id -> waitingOn.get(id) == 0).forEach(ready::add);
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String next = ready.poll();
            order.add(next);
            for (String child : neededBy.getOrDefault(next, List.of())) {
                if (waitingOn.merge(child, -1, Integer::sum) == 0) ready.add(child);
            }
        }
        return new Plan(order, ancestors(steps));
    }

    /**
     * Each step's ancestors, nearest first: breadth-first over {@code needs}, in the order needs are
     * written. Tolerates unknown needs and cycles (it is also used on pipelines that have them, to
     * check what each step reads).
     */
    public static Map<String, List<String>> ancestors(List<StepSpec> steps) {
        Map<String, StepSpec> byId = byId(steps);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (StepSpec s : byId.values()) {
            Set<String> seen = new LinkedHashSet<>();
            ArrayDeque<String> queue = new ArrayDeque<>(s.needs());
            while (!queue.isEmpty()) {
                String n = queue.poll();
                if (n.equals(s.id()) || !byId.containsKey(n) || !seen.add(n)) continue;
                queue.addAll(byId.get(n).needs());
            }
            out.put(s.id(), List.copyOf(seen));
        }
        return out;
    }

    /**
     * Every distinct cycle among the needs, each written as the path that closes it and starting
     * with its earliest-declared step: {@code [a, b, a]} when a needs b and b needs a.
     */
    public static List<List<String>> cycles(List<StepSpec> steps) {
        Map<String, StepSpec> byId = byId(steps);
        Map<String, Integer> declared = new HashMap<>();
        steps.forEach(s -> declared.putIfAbsent(s.id(), declared.size()));
        List<List<String>> found = new ArrayList<>();
        Set<Set<String>> seenCycles = new HashSet<>();
        Set<String> done = new HashSet<>();
        for (StepSpec s : byId.values()) {
            walk(s.id(), byId, new ArrayList<>(), new HashSet<>(), done, declared, found, seenCycles);
        }
        return found;
    }

    /** Depth-first search; a need that points back into the current path closes a cycle. */
    private static void walk(String id, Map<String, StepSpec> byId, List<String> path, Set<String> onPath,
                             Set<String> done, Map<String, Integer> declared, List<List<String>> found,
                             Set<Set<String>> seenCycles) {
        if (done.contains(id)) return;
        path.add(id);
        onPath.add(id);
        for (String n : byId.get(id).needs()) {
            if (!byId.containsKey(n)) continue;
            if (onPath.contains(n)) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(n), path.size()));
                if (seenCycles.add(Set.copyOf(cycle))) found.add(closed(cycle, declared));
            } else {
                walk(n, byId, path, onPath, done, declared, found, seenCycles);
            }
        }
        path.remove(path.size() - 1);
        onPath.remove(id);
        done.add(id);
    }

    /** Rotates a cycle to start at its earliest-declared step and repeats that step at the end. */
    private static List<String> closed(List<String> cycle, Map<String, Integer> declared) {
        int start = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (declared.get(cycle.get(i)) < declared.get(cycle.get(start))) start = i;
        }
        List<String> out = new ArrayList<>(cycle.subList(start, cycle.size()));
        out.addAll(cycle.subList(0, start));
        out.add(out.get(0));
        return List.copyOf(out);
    }

    /** Steps by id; with duplicate ids the first declaration counts (the loader reports the others). */
    private static Map<String, StepSpec> byId(List<StepSpec> steps) {
        Map<String, StepSpec> byId = new LinkedHashMap<>();
        steps.forEach(s -> byId.putIfAbsent(s.id(), s));
        return byId;
    }
}
