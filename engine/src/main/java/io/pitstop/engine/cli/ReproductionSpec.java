package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.store.StepRecord;

import io.pitstop.engine.yaml.Yaml;
import java.io.IOException;
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
 * <ul>
 *   <li>kept: the step that wrote the package and everything it needs, except release steps
 *       ({@code release.*}: gate, package, promote), which act on the registry;</li>
 *   <li>a kept step that recorded a data version becomes {@code data.restore} of that md5 and size
 *       (from the remote it was pushed to): a data.version step would version whatever the landing
 *       file holds today;</li>
 *   <li>appended: {@code reproduce.compare}, which needs the kept leaves and compares what they
 *       rebuilt with the package.</li>
 * </ul>
 */
final class ReproductionSpec {

    static final String COMPARE_STEP = "reproduce-compare";
    static final String COMPARE_KIND = "reproduce.compare";
    static final String PACKAGE_OUTPUT = "package";

    private ReproductionSpec() {
    }

    /**
     * @param specText      the pipeline file as the original run recorded it
     * @param originalSteps that run's step records
     * @param packageDir    the package to compare with (absolute)
     * @param publicKey     the key its signature must verify with (absolute): the project's
     * @throws IllegalArgumentException when the run wrote no package or the spec is not a pipeline
     */
    static String rewrite(String specText, List<StepRecord> originalSteps, String packageDir, String publicKey)
            throws IOException {
        JsonNode root = Yaml.MAPPER.readTree(specText);
        if (!(root instanceof ObjectNode pipeline) || !(root.get("steps") instanceof ArrayNode steps)) {
            throw new IllegalArgumentException("the recorded pipeline has no steps list");
        }
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (JsonNode step : steps) byId.put(step.path("id").asText(), (ObjectNode) step);
        Map<String, StepRecord> records = new LinkedHashMap<>();
        originalSteps.forEach(s -> records.put(s.stepId(), s));

        String packageStep = originalSteps.stream().filter(s -> s.outputs().containsKey(PACKAGE_OUTPUT))
                .map(StepRecord::stepId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the run recorded no step with a package output"));
        Set<String> kept = new LinkedHashSet<>();
        collect(packageStep, byId, kept);
        kept.removeIf(id -> byId.get(id).path("uses").asText().startsWith("release."));

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
            if (version.isPresent()) pin(step, version.get());
            rewritten.add(step);
        }
        ObjectNode compare = rewritten.addObject();
        compare.put("id", COMPARE_STEP);
        compare.put("uses", COMPARE_KIND);
        ArrayNode needs = compare.putArray("needs");
        leaves(kept, byId).forEach(needs::add);
        compare.putObject("with").put("package_dir", packageDir).put("public_key", publicKey);
        pipeline.set("steps", rewritten);
        return Yaml.MAPPER.writeValueAsString(pipeline);
    }

    private static void pin(ObjectNode step, RecordedDataVersion version) {
        step.put("uses", "data.restore");
        ObjectNode with = step.putObject("with");
        with.put("path", version.path());
        with.put("md5", version.md5());
        with.put("size", version.size());
        if (version.remote() != null) with.put("remote", version.remote());
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
