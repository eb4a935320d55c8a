package io.pitstop.engine.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pitstop.engine.conf.ProjectPaths;
import io.pitstop.engine.plan.Planner;
import io.pitstop.engine.step.ModelInfo;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.yaml.MappingReader;
import io.pitstop.engine.yaml.NodeDescription;
import io.pitstop.engine.yaml.YamlDocument;
import io.pitstop.engine.yaml.YamlReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code pipelines/*.yaml} strictly and checks it in layers before anything runs: the YAML
 * shape, then references and the graph ({@link PipelineGraphCheck}), then each step's parameters.
 * Every problem in every layer is collected, then all are thrown together in one
 * {@link SpecException}, each as {@code file:line:column: message}.
 *
 * <pre>
 * CheckedPipeline p = new PipelineLoader(StepCatalog.fromServiceLoader())
 *         .load(Path.of("pipelines/telco-churn.yaml"), Path.of("."));
 * </pre>
 */
public final class PipelineLoader {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    static final long DEFAULT_SEED = 42;
    private static final Set<String> TOP_KEYS = Set.of("pipeline", "description", "seed", "model", "schedule", "retrain_when",
            "steps");
    private static final Set<String> MODEL_KEYS = Set.of("name", "owner", "description", "intended_use", "limitations",
            "decision_threshold");
    private static final Set<String> STEP_KEYS = Set.of("id", "uses", "needs", "with", "description");

    private final StepCatalog catalog;

    public PipelineLoader(StepCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param projectDir where relative paths in step parameters resolve (for the steps' own checks)
     * @throws SpecException listing every problem found in the file
     */
    public CheckedPipeline load(Path pipelineFile, Path projectDir) {
        return load(pipelineFile, ProjectPaths.inside(projectDir));
    }

    /**
     * @param paths the project (where relative paths in step parameters resolve) and the further roots
     *              the profile lets paths point under
     * @throws SpecException listing every problem found in the file
     */
    public CheckedPipeline load(Path pipelineFile, ProjectPaths paths) {
        byte[] bytes;
        try {
            YamlReader.refuseIfTooLarge(pipelineFile);
            bytes = Files.readAllBytes(pipelineFile);
        } catch (IOException e) {
            throw new SpecException(List.of(new Problem(pipelineFile, 0, 0, "cannot read pipeline file: " + e)));
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        YamlDocument doc = YamlReader.parse(pipelineFile, text);
        List<Problem> problems = new ArrayList<>(doc.problems());

        Optional<MappingReader> top = MappingReader.of(doc, "", "a pipeline file", "", problems);
        if (top.isEmpty()) throw new SpecException(problems);
        MappingReader root = top.get();
        root.allowOnly(TOP_KEYS);
        Optional<String> name = root.string("pipeline", true);
        name.filter(n -> !NAME.matcher(n).matches()).ifPresent(n -> root.problem("pipeline",
                "pipeline name '" + n + "' must match " + NAME.pattern() + " (lower-case letters, digits, dashes)"));
        String description = root.string("description", false).orElse("");
        long seed = root.integer("seed", false).orElse(DEFAULT_SEED);
        Optional<MappingReader> modelBlock = root.mapping("model", true, "model: ");
        Optional<ModelInfo> model = modelBlock.map(this::model);
        ScheduleSpec schedule = root.mapping("schedule", false, "schedule: ").flatMap(ScheduleReader::read).orElse(null);
        RetrainPolicy retrainWhen = root.mapping("retrain_when", false, "retrain_when: ")
                .flatMap(RetrainPolicyReader::read).orElse(null);
        List<DeclaredStep> steps = steps(root);

        var graph = new PipelineGraphCheck(catalog, doc, paths, problems);
        List<BoundStep> bound = graph.check(steps);
        if (model.isPresent() && model.get().decisionThreshold() != null) {
            var byId = new java.util.LinkedHashMap<String, BoundStep>();
            bound.forEach(b -> byId.put(b.id(), b));
            graph.declaredTasks(steps, byId).forEach((id, task) -> {
                if (!task.equals(io.pitstop.engine.step.StepDeclaration.BINARY_TASK)) {
                    modelBlock.get().problem("decision_threshold", "decision_threshold is for binary classifiers;"
                            + " step '" + id + "' trains a " + task + " model, which decides without a threshold");
                }
            });
        }
        if (!problems.isEmpty()) throw new SpecException(problems);

        List<StepSpec> specs = steps.stream().map(DeclaredStep::spec).toList();
        PipelineSpec spec = new PipelineSpec(pipelineFile, name.orElseThrow(), description, seed, model.orElseThrow(),
                schedule, retrainWhen, specs, io.pitstop.engine.pkg.Sha256.of(bytes), text);
        var byId = new java.util.LinkedHashMap<String, BoundStep>();
        bound.forEach(b -> byId.put(b.id(), b));
        return new CheckedPipeline(spec, Planner.plan(specs), byId);
    }

    private ModelInfo model(MappingReader m) {
        m.allowOnly(MODEL_KEYS);
        Optional<String> name = m.string("name", true);
        name.filter(String::isBlank).ifPresent(n -> m.problem("name", "'name' must not be blank"));
        io.pitstop.engine.step.DecisionThreshold threshold = null;
        Optional<Double> declared = m.number("decision_threshold", false);
        if (declared.isPresent()) {
            try {
                threshold = new io.pitstop.engine.step.DecisionThreshold(declared.get());
            } catch (IllegalArgumentException e) {
                m.problem("decision_threshold", e.getMessage());
            }
        }
        return new ModelInfo(name.orElse(""), m.string("owner", false).orElse(""),
                m.string("description", false).orElse(""), m.string("intended_use", false).orElse(""),
                m.string("limitations", false).orElse(""), threshold);
    }

    /** The declared steps whose id and kind could be read; the others are reported and left out. */
    private List<DeclaredStep> steps(MappingReader root) {
        Optional<JsonNode> list = root.list("steps", true);
        if (list.isPresent() && list.get().isEmpty()) root.problem("steps", "'steps' must list at least one step");
        List<DeclaredStep> out = new ArrayList<>();
        List<MappingReader> items = root.mappings("steps", "a step", false);
        for (int i = 0; i < items.size(); i++) {
            MappingReader item = items.get(i);
            int problemsBefore = root.problemCount();
            String index = item.pointer().substring(item.pointer().lastIndexOf('/') + 1);
            Optional<String> id = item.withPrefix("step #" + (Integer.parseInt(index) + 1) + ": ").string("id", true);
            MappingReader step = id.map(s -> item.withPrefix("step '" + s + "': ")).orElse(item);
            step.allowOnly(STEP_KEYS);
            id.filter(s -> !NAME.matcher(s).matches()).ifPresent(s -> step.problem("id",
                    "step id '" + s + "' must match " + NAME.pattern() + " (lower-case letters, digits, dashes)"));
            Optional<String> uses = step.string("uses", true);
            List<String> needs = needs(step);
            JsonNode with = step.has("with") ? step.mapping("with", false, "").map(MappingReader::node).orElse(null)
                    : JsonNodeFactory.instance.objectNode();
            String description = step.string("description", false).orElse("");
            if (id.isPresent() && uses.isPresent()) {
                out.add(new DeclaredStep(new StepSpec(id.get(), uses.get(), needs,
                        with == null ? JsonNodeFactory.instance.objectNode() : with, description, step.location()),
                        step.pointer(), with != null, root.problemCount() == problemsBefore));
            }
        }
        return out;
    }

    /** {@code needs: [a, b]} or, for one, {@code needs: a}. */
    private static List<String> needs(MappingReader step) {
        if (!step.has("needs")) return List.of();
        JsonNode node = step.node().get("needs");
        if (node.isTextual()) return List.of(node.textValue());
        if (!node.isArray()) {
            step.problem("needs", "'needs' must be a list of step ids or one step id, found "
                    + NodeDescription.of(node));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual()) {
                out.add(item.textValue());
            } else {
                step.problemAt(YamlDocument.child(step.pointer("needs"), i), "each item of 'needs' must be a step id, found "
                        + NodeDescription.of(item));
            }
        }
        return out;
    }


    /**
     * A step as read, with where it sits in the file so later layers can point back at it.
     *
     * @param paramsOk false when {@code with:} was present but not a mapping (already reported)
     * @param shapeOk  false when the step had any problem of shape (e.g. an unreadable {@code needs:})
     */
    record DeclaredStep(StepSpec spec, String pointer, boolean paramsOk, boolean shapeOk) {
    }
}
