package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.artifact.PackageOutputs;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.DataVersionRestoring;
import io.pitstop.engine.step.ReleaseStep;
import io.pitstop.engine.step.ReproductionCheck;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.yaml.Yaml;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pipeline {@code ./pitstop reproduce} runs: the exact spec the original run recorded, cut down to
 * what built the released model, with every data step pinned to the version that run recorded.
 * The step kinds it uses are found by what they do ({@link StepCatalog}), not by name:
 * <ul>
 *   <li>kept: the step that wrote the package and everything it needs, except {@link ReleaseStep}s
 *       (gate, package, promote), which act on the registry;</li>
 *   <li>a kept step that recorded a data version becomes the {@link DataVersionRestoring} kind
 *       ({@code data.restore}) of that md5 and size (from the remote it was pushed to): a data.version
 *       step would version whatever the landing file holds today;</li>
 *   <li>appended: the {@link ReproductionCheck} kind ({@code reproduce.compare}), which needs the kept
 *       leaves and compares what they rebuilt with the package.</li>
 * </ul>
 */
final class ReproductionSpec {

    static final String COMPARE_STEP = "reproduce-compare";

    private ReproductionSpec() {
    }

    /**
     * @param specText      the pipeline file as the original run recorded it
     * @param originalSteps that run's step records
     * @param packageDir    the package to compare with (absolute)
     * @param publicKey     the key its signature must verify with (absolute): the project's
     * @param catalog       the step kinds of this Pitstop
     * @throws IllegalArgumentException when the run wrote no package or the spec is not a pipeline
     */
    static String rewrite(String specText, List<StepRecord> originalSteps, Path packageDir, Path publicKey,
                          StepCatalog catalog) throws IOException {
        JsonNode root = Yaml.MAPPER.readTree(specText);
        if (!(root instanceof ObjectNode pipeline) || !(root.get("steps") instanceof ArrayNode steps)) {
            throw new IllegalArgumentException("the recorded pipeline has no steps list");
        }
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (JsonNode step : steps) byId.put(step.path("id").asText(), (ObjectNode) step);
        Map<String, StepRecord> records = new LinkedHashMap<>();
        originalSteps.forEach(s -> records.put(s.stepId(), s));

        String packageStep = originalSteps.stream().filter(s -> s.outputs().containsKey(PackageOutputs.PACKAGE.name()))
                .map(StepRecord::stepId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the run recorded no step with a package output"));
        Set<String> kept = new LinkedHashSet<>();
        collect(packageStep, byId, kept);
        kept.removeIf(id -> catalog.find(byId.get(id).path("uses").asText()).filter(s -> s instanceof ReleaseStep).isPresent());
        Step<?> restoring = capable(catalog, DataVersionRestoring.class);
        Step<?> check = capable(catalog, ReproductionCheck.class);

        ArrayNode rewritten = Yaml.MAPPER.createArrayNode();
        for (var e : byId.entrySet()) {
            if (!kept.contains(e.getKey())) continue;
            ObjectNode step = e.getValue().deepCopy();
            if (step.get("needs") instanceof ArrayNode needs) {
                ArrayNode keptNeeds = Yaml.MAPPER.createArrayNode();
                needs.forEach(n -> { if (kept.contains(n.asText())) keptNeeds.add(n); });
                step.set("needs", keptNeeds);
            }
            StepRecord record = records.get(e.getKey());
            Optional<RecordedDataVersion> version = record == null ? Optional.empty() : RecordedDataVersion.of(record);
            if (version.isPresent()) pin(step, restoring, version.get());
            rewritten.add(step);
        }
        ObjectNode compare = rewritten.addObject();
        compare.put("id", COMPARE_STEP);
        compare.put("uses", check.kind());
        ArrayNode needs = compare.putArray("needs");
        leaves(kept, byId).forEach(needs::add);
        compare.set("with", Yaml.MAPPER.valueToTree(((ReproductionCheck) check).comparingWith(packageDir, publicKey)));
        pipeline.set("steps", rewritten);
        return Yaml.MAPPER.writeValueAsString(pipeline);
    }

    private static void pin(ObjectNode step, Step<?> restoring, RecordedDataVersion version) {
        step.put("uses", restoring.kind());
        step.set("with", Yaml.MAPPER.valueToTree(((DataVersionRestoring) restoring).restoring(version.version())));
    }

    /** The step kind that can do what {@code capability} says; a Pitstop without one cannot reproduce. */
    private static Step<?> capable(StepCatalog catalog, Class<?> capability) {
        return catalog.steps().stream().filter(capability::isInstance).findFirst().orElseThrow(() ->
                new IllegalStateException("no step kind of this Pitstop is a " + capability.getSimpleName()
                        + ": ./pitstop reproduce needs one"));
    }

    private static void collect(String id, Map<String, ObjectNode> byId, Set<String> into) {
        ObjectNode step = byId.get(id);
        if (step == null || !into.add(id)) return;
        step.path("needs").forEach(n -> collect(n.asText(), byId, into));
    }

    /** Kept steps no other kept step needs: together they reach every kept step's outputs. */
    private static List<String> leaves(Set<String> kept, Map<String, ObjectNode> byId) {
        Set<String> needed = new LinkedHashSet<>();
        for (String id : kept) byId.get(id).path("needs").forEach(n -> needed.add(n.asText()));
        List<String> leaves = new ArrayList<>();
        for (String id : kept) if (!needed.contains(id)) leaves.add(id);
        return leaves;
    }
}
