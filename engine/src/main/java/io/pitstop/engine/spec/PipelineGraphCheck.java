package io.pitstop.engine.spec;

import io.pitstop.engine.plan.Planner;
import io.pitstop.engine.spec.PipelineLoader.DeclaredStep;
import io.pitstop.engine.step.Location;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.yaml.NearMatch;
import io.pitstop.engine.yaml.YamlDocument;

import io.pitstop.engine.conf.ProjectPaths;
import io.pitstop.engine.step.StepDeclaration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The second and third layers of pipeline checking, on steps whose shape was readable: unique ids,
 * known kinds, needs that name steps, no cycles; then each step's parameters bound and validated;
 * then every output a step reads is produced upstream of it. A step already found broken is not
 * blamed again for what follows from it (a missing need does not also cause "no upstream produces").
 */
final class PipelineGraphCheck {

    private final StepCatalog catalog;
    private final YamlDocument doc;
    private final ProjectPaths paths;
    private final List<Problem> problems;
    /** Steps with a problem of their own, whose dependents are not checked for consumed outputs. */
    private final Set<String> broken = new HashSet<>();
    /** What each bound step declared, read once (see {@link #validateAll}). */
    private final Map<String, StepDeclaration> declared = new LinkedHashMap<>();

    PipelineGraphCheck(StepCatalog catalog, YamlDocument doc, ProjectPaths paths, List<Problem> problems) {
        this.catalog = catalog;
        this.doc = doc;
        this.paths = paths;
        this.problems = problems;
    }

    /** Records every problem found and returns the steps that bound cleanly. */
    List<BoundStep> check(List<DeclaredStep> steps) {
        Map<String, DeclaredStep> byId = uniqueIds(steps);
        steps.stream().filter(s -> !s.shapeOk()).forEach(s -> broken.add(s.spec().id()));
        for (DeclaredStep s : steps) needsExist(s, byId);
        cycles(steps, byId);
        Map<String, BoundStep> bound = new LinkedHashMap<>();
        for (DeclaredStep s : byId.values()) bind(s).ifPresent(b -> bound.put(b.id(), b));
        validateAll(steps, byId, bound);
        outputsProducedUpstream(steps, byId, bound);
        return List.copyOf(bound.values());
    }

    private Map<String, DeclaredStep> uniqueIds(List<DeclaredStep> steps) {
        Map<String, DeclaredStep> byId = new LinkedHashMap<>();
        for (DeclaredStep s : steps) {
            DeclaredStep first = byId.putIfAbsent(s.spec().id(), s);
            if (first != null) {
                broken.add(s.spec().id());
                problems.add(Problem.at(at(s, "/id"), "duplicate step id '" + s.spec().id()
                        + "' (first declared at line " + at(first, "/id").line() + ")"));
            }
        }
        return byId;
    }

    private void needsExist(DeclaredStep s, Map<String, DeclaredStep> byId) {
        List<String> needs = s.spec().needs();
        boolean single = doc.at(s.pointer() + "/needs").isTextual();
        for (int i = 0; i < needs.size(); i++) {
            String need = needs.get(i);
            if (byId.containsKey(need)) continue;
            broken.add(s.spec().id());
            Set<String> others = new HashSet<>(byId.keySet());
            others.remove(s.spec().id());
            problems.add(Problem.at(at(s, single ? "/needs" : "/needs/" + i), "step '" + s.spec().id()
                    + "': needs '" + need + "', which is not a step in this pipeline" + NearMatch.hint(need, others)));
        }
    }

    private void cycles(List<DeclaredStep> steps, Map<String, DeclaredStep> byId) {
        for (List<String> cycle : Planner.cycles(steps.stream().map(DeclaredStep::spec).toList())) {
            broken.addAll(cycle);
            DeclaredStep first = byId.get(cycle.get(0));
            problems.add(Problem.at(doc.locateKey(first.pointer() + "/needs"), "cycle: " + String.join(" -> ", cycle)));
        }
    }

    private Optional<BoundStep> bind(DeclaredStep s) {
        String id = s.spec().id();
        Optional<Step<?>> step = catalog.find(s.spec().uses());
        if (step.isEmpty()) {
            broken.add(id);
            String uses = s.spec().uses();
            String hint = NearMatch.among(uses, catalog.kinds()).map(m -> " (did you mean '" + m + "'?)")
                    .orElse("; known kinds: " + String.join(", ", catalog.kinds()));
            problems.add(Problem.at(at(s, "/uses"), "step '" + id + "': unknown step kind '" + uses + "'" + hint));
            return Optional.empty();
        }
        if (!s.paramsOk()) {
            broken.add(id);
            return Optional.empty();
        }
        String withPointer = s.pointer() + "/with";
        Optional<Record> params = ParamsBinder.bind(step.get().paramsType(), id, doc, s.spec().with(), withPointer,
                problems);
        if (params.isEmpty()) {
            broken.add(id);
            return Optional.empty();
        }
        return Optional.of(new BoundStep(s.spec(), step.get(), params.get()));
    }

    /**
     * Each bound step's own checks, each seeing what the steps upstream of it (its ancestors, not its
     * neighbours) declared: the contract a data step validates with, the task a training step trains
     * for. A declaration is read once, when the first step downstream of it asks. A step that cannot
     * read a fact (a contract that does not load) declares nothing rather than a guess.
     */
    private void validateAll(List<DeclaredStep> steps, Map<String, DeclaredStep> byId, Map<String, BoundStep> bound) {
        List<StepSpec> specs = steps.stream().map(DeclaredStep::spec).toList();
        Map<String, List<String>> ancestors = Planner.ancestors(specs);
        // An ancestor has strictly fewer ancestors than its descendants: in this order every step is
        // checked after the steps whose declarations it reads.
        List<BoundStep> upstreamFirst = bound.values().stream()
                .sorted(java.util.Comparator.comparingInt(b -> ancestors.getOrDefault(b.id(), List.of()).size()))
                .toList();
        for (BoundStep step : upstreamFirst) {
            DeclaredStep s = byId.get(step.id());
            List<StepDeclaration> upstream = ancestors.getOrDefault(step.id(), List.of()).stream()
                    .filter(bound::containsKey)
                    .map(a -> declared.computeIfAbsent(a, id -> declare(bound.get(id), context(byId.get(id), List.of()))))
                    .filter(d -> !d.equals(StepDeclaration.NONE))
                    .toList();
            List<Problem> own = validate(step, context(s, upstream));
            if (!own.isEmpty()) {
                broken.add(step.id());
                problems.addAll(own);
            }
        }
    }

    /**
     * The task each step that trains a model declared, by step id, for the checks that concern the
     * pipeline's model as a whole (a decision threshold only a binary model has).
     */
    Map<String, String> declaredTasks(List<DeclaredStep> steps, Map<String, BoundStep> bound) {
        Map<String, DeclaredStep> byId = new LinkedHashMap<>();
        steps.forEach(s -> byId.putIfAbsent(s.spec().id(), s));
        Map<String, String> tasks = new LinkedHashMap<>();
        for (BoundStep b : bound.values()) {
            if (broken.contains(b.id())) continue;
            declared.computeIfAbsent(b.id(), id -> declare(b, context(byId.get(id), List.of())))
                    .taskIfAny().ifPresent(t -> tasks.put(b.id(), t));
        }
        return tasks;
    }

    private StepValidationContext context(DeclaredStep s, List<StepDeclaration> upstream) {
        return new StepValidationContext(paths, s.spec().id(), doc, s.pointer() + "/with", s.spec().location(), upstream);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StepDeclaration declare(BoundStep bound, StepValidationContext ctx) {
        StepDeclaration d = ((Step) bound.step()).declares(bound.params(), ctx);
        return d == null ? StepDeclaration.NONE : d;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Problem> validate(BoundStep bound, StepValidationContext ctx) {
        return ((Step) bound.step()).validate(bound.params(), ctx);
    }

    private void outputsProducedUpstream(List<DeclaredStep> steps, Map<String, DeclaredStep> byId,
                                         Map<String, BoundStep> bound) {
        Map<String, List<String>> ancestors = Planner.ancestors(steps.stream().map(DeclaredStep::spec).toList());
        for (BoundStep step : bound.values()) {
            List<String> upstream = ancestors.getOrDefault(step.id(), List.of());
            if (broken.contains(step.id()) || upstream.stream().anyMatch(a -> broken.contains(a) || !bound.containsKey(a))) {
                continue; // its own problems are already reported; guessing further would only add noise
            }
            Set<String> available = upstream.stream().flatMap(a -> bound.get(a).produces().stream())
                    .collect(Collectors.toSet());
            for (String output : step.consumes().stream().sorted().toList()) {
                if (available.contains(output)) continue;
                List<String> producers = bound.values().stream().filter(b -> b != step && b.produces().contains(output))
                        .map(BoundStep::id).toList();
                String fix = producers.isEmpty() ? "(add a step that produces it to needs)"
                        : "(add '" + producers.get(0) + "', which produces it, to needs)";
                problems.add(Problem.at(byId.get(step.id()).spec().location(), "step '" + step.id() + "' reads output '"
                        + output + "' but no upstream step produces it " + fix));
            }
        }
    }

    private Location at(DeclaredStep s, String relative) {
        return doc.locate(s.pointer() + relative);
    }
}
