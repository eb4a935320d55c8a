package io.pitstop.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.yaml.YamlDocument;
import io.pitstop.engine.yaml.YamlReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pipeline's lock file, {@code pipelines/x.lock} beside {@code pipelines/x.yaml}, like DVC's
 * {@code dvc.lock}: per step, the fingerprint its last successful (or cached) execution had, the
 * components that fingerprint was computed from, and the outputs it stands for. Every run rewrites
 * the entries of the steps it completes; the text is ordered and formatted the same way every time,
 * so the file changes only when a step's state changed, and can be committed and diffed. (Not to be
 * confused with {@link PipelineLock}, which keeps two runs of a pipeline from overlapping.)
 *
 * <p>Paths under the project directory (outputs, inputs that name a place) are written relative to
 * it ({@code ./.pitstop/...}), so the file does not change with where the project is checked out.
 *
 * @param steps in the pipeline's plan order
 */
public record LockFile(String pipeline, Map<String, LockedStep> steps) {

    public static final int FORMAT_VERSION = 1;

    private static final String INPUTS = "inputs";
    private static final String UPSTREAM = "upstream";
    private static final String OUTPUTS = "outputs";
    private static final String FINGERPRINT = "fingerprint";
    private static final String PARAMS = "params";
    private static final String MODEL = "model";

    public LockFile {
        steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /**
     * One step's entry.
     *
     * @param components the fingerprint's components in lock form: {@code kind}, {@code code}, {@code params}
     *                   (the hash of the bound params) …, {@code external.<name>} per external input and
     *                   {@code upstream.<step>} per step it needs
     * @param outputs    as the run store records them (absolute paths)
     */
    public record LockedStep(String fingerprint, SortedMap<String, String> components, SortedMap<String, String> outputs) {
        public LockedStep {
            components = Collections.unmodifiableSortedMap(new TreeMap<>(components));
            outputs = Collections.unmodifiableSortedMap(new TreeMap<>(outputs));
        }

        public static LockedStep of(StepRecord step) {
            return new LockedStep(step.fingerprint(), LockFile.components(step.inputs()), new TreeMap<>(step.outputs()));
        }

        public String kind() {
            return components.get("kind");
        }
    }

    /**
     * A fingerprint's inputs ({@link Fingerprint#inputs()}) as the lock file keeps them: the params and
     * the model's description, which the run store keeps whole, as their SHA-256, so a lock stays one
     * short line per component.
     */
    public static SortedMap<String, String> components(Map<String, String> fingerprintInputs) {
        var components = new TreeMap<>(fingerprintInputs);
        components.computeIfPresent(PARAMS, (k, json) -> Sha256.of(json));
        components.computeIfPresent(MODEL, (k, text) -> Sha256.of(text));
        return components;
    }

    /** {@code pipelines/x.yaml} → {@code pipelines/x.lock}. */
    public static Path beside(Path pipelineFile) {
        String name = pipelineFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return pipelineFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".lock");
    }

    /**
     * The lock file beside a pipeline file, if there is one.
     *
     * @throws SpecException naming file, line and column when it is not a lock file this version writes
     */
    public static Optional<LockFile> read(Path pipelineFile, Path projectDir) {
        Path file = beside(pipelineFile);
        if (!Files.isRegularFile(file)) return Optional.empty();
        YamlDocument doc = YamlReader.read(file);
        var problems = new ArrayList<Problem>(doc.problems());
        JsonNode root = doc.root();
        if (root == null || !root.isObject()) throw refused(doc, "", "a lock file is a mapping with format_version, pipeline and steps", problems);
        if (root.path("format_version").asInt(-1) != FORMAT_VERSION) {
            throw refused(doc, "/format_version", "format_version must be " + FORMAT_VERSION
                    + " (written by another version of pitstop? run the pipeline again to rewrite it)", problems);
        }
        var steps = new LinkedHashMap<String, LockedStep>();
        var entries = root.path("steps");
        if (!entries.isObject()) throw refused(doc, "/steps", "steps must be a mapping of step id to its state", problems);
        for (var it = entries.fields(); it.hasNext(); ) {
            var entry = it.next();
            String at = YamlDocument.child("/steps", entry.getKey());
            JsonNode node = entry.getValue();
            if (!node.isObject() || !node.path(FINGERPRINT).isTextual() || !node.path("kind").isTextual()) {
                throw refused(doc, at, "step '" + entry.getKey() + "' needs a kind and a fingerprint", problems);
            }
            var components = new TreeMap<String, String>();
            var outputs = new TreeMap<String, String>();
            for (var f = node.fields(); f.hasNext(); ) {
                var field = f.next();
                switch (field.getKey()) {
                    case FINGERPRINT -> { }
                    case INPUTS -> strings(doc, at + "/" + INPUTS, field.getValue(), problems)
                            .forEach((k, v) -> components.put(StepExecution.EXTERNAL + k, absolute(v, projectDir)));
                    case UPSTREAM -> strings(doc, at + "/" + UPSTREAM, field.getValue(), problems)
                            .forEach((k, v) -> components.put(StepExecution.UPSTREAM + k, v));
                    case OUTPUTS -> strings(doc, at + "/" + OUTPUTS, field.getValue(), problems)
                            .forEach((k, v) -> outputs.put(k, absolute(v, projectDir)));
                    default -> {
                        if (!field.getValue().isValueNode()) {
                            throw refused(doc, at + "/" + field.getKey(), field.getKey() + " must be a single value", problems);
                        }
                        components.put(field.getKey(), field.getValue().asText());
                    }
                }
            }
            steps.put(entry.getKey(), new LockedStep(node.path(FINGERPRINT).asText(), components, outputs));
        }
        if (!problems.isEmpty()) throw new SpecException(problems);
        return Optional.of(new LockFile(root.path("pipeline").asText(""), steps));
    }

    private static Map<String, String> strings(YamlDocument doc, String at, JsonNode node, List<Problem> problems) {
        if (!node.isObject()) throw refused(doc, at, "must be a mapping of names to values", problems);
        var values = new TreeMap<String, String>();
        node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static SpecException refused(YamlDocument doc, String pointer, String message, List<Problem> problems) {
        var all = new ArrayList<>(problems);
        all.add(Problem.at(doc.locate(pointer), message));
        return new SpecException(all);
    }

    /** This lock with one step's entry set, entries kept in the plan's order and steps no longer in it dropped. */
    public LockFile with(String stepId, LockedStep step, List<String> planOrder) {
        var next = new LinkedHashMap<String, LockedStep>();
        for (String id : planOrder) {
            if (id.equals(stepId)) next.put(id, step);
            else if (steps.containsKey(id)) next.put(id, steps.get(id));
        }
        return new LockFile(pipeline, next);
    }

    /**
     * The file's text.
     *
     * @param pipelineFile as the header names it (relative to the project)
     */
    public String text(String pipelineFile, Path projectDir) {
        var out = new StringBuilder();
        out.append("# Lock file of pipeline ").append(pipeline).append(" (").append(pipelineFile)
                .append("), written by ./pitstop run like dvc.lock.\n")
                .append("# Per step: the fingerprint of its last successful or cached execution, the components\n")
                .append("# it was computed from and the outputs it stands for. code: the step kind's own classes;\n")
                .append("# engine: the engine classes it reaches through its context; resources: the code of the\n")
                .append("# shared resources it uses (the Spark session); runtime: the libraries;\n")
                .append("# model, params: SHA-256 of the model's description and of the bound params; inputs: what\n")
                .append("# it reads from outside the pipeline; upstream: the fingerprints of the steps it needs.\n")
                .append("# Commit it to see in a diff why a step ran again; ./pitstop status compares against it.\n")
                .append("format_version: ").append(FORMAT_VERSION).append('\n')
                .append("pipeline: ").append(quote(pipeline)).append('\n')
                .append("steps:");
        if (steps.isEmpty()) out.append(" {}");
        out.append('\n');
        steps.forEach((id, step) -> {
            out.append("  ").append(key(id)).append(":\n");
            out.append("    kind: ").append(quote(step.kind())).append('\n');
            out.append("    ").append(FINGERPRINT).append(": ").append(quote(step.fingerprint())).append('\n');
            var external = new TreeMap<String, String>();
            var upstream = new TreeMap<String, String>();
            step.components().forEach((k, v) -> {
                if (k.startsWith(StepExecution.EXTERNAL)) {
                    external.put(k.substring(StepExecution.EXTERNAL.length()), relative(v, projectDir));
                }
                else if (k.startsWith(StepExecution.UPSTREAM)) upstream.put(k.substring(StepExecution.UPSTREAM.length()), v);
                else if (!k.equals("kind")) out.append("    ").append(key(k)).append(": ").append(quote(v)).append('\n');
            });
            section(out, INPUTS, external);
            section(out, UPSTREAM, upstream);
            var outputs = new TreeMap<String, String>();
            step.outputs().forEach((k, v) -> outputs.put(k, relative(v, projectDir)));
            section(out, OUTPUTS, outputs);
        });
        return out.toString();
    }

    /**
     * Sets one step's entry in the lock file beside the pipeline, creating it if need be. The file is
     * replaced atomically, and left untouched when its text would not change.
     */
    public static void record(Path pipelineFile, String pipelineFileShown, String pipeline, List<String> planOrder,
                              StepRecord step, Path projectDir) {
        Path file = beside(pipelineFile);
        LockFile current;
        try {
            current = read(pipelineFile, projectDir).filter(l -> l.pipeline().equals(pipeline))
                    .orElse(new LockFile(pipeline, Map.of()));
        } catch (SpecException e) {
            current = new LockFile(pipeline, Map.of()); // a lock broken by hand is rewritten from this run
        }
        String text = current.with(step.stepId(), LockedStep.of(step), planOrder).text(pipelineFileShown, projectDir);
        try {
            if (Files.isRegularFile(file) && Files.readString(file).equals(text)) return;
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lock file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void section(StringBuilder out, String name, Map<String, String> values) {
        if (values.isEmpty()) return;
        out.append("    ").append(name).append(":\n");
        values.forEach((k, v) -> out.append("      ").append(key(k)).append(": ").append(quote(v)).append('\n'));
    }

    /** {@code ./x} (as {@link #relative} writes it) as the absolute path under the project. */
    private static String absolute(String value, Path projectDir) {
        return value.startsWith("./") ? projectDir.toAbsolutePath().normalize().resolve(value.substring(2)).toString() : value;
    }

    private static String relative(String value, Path projectDir) {
        if (!value.startsWith("/")) return value;
        Path project = projectDir.toAbsolutePath().normalize();
        Path path = Path.of(value).normalize();
        return path.startsWith(project) ? "./" + project.relativize(path).toString().replace('\\', '/') : value;
    }

    /** A plain key as it is; anything else as a double-quoted string. */
    private static String key(String key) {
        return key.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*") ? key : quote(key);
    }

    /** A double-quoted scalar: JSON's string escapes are valid YAML. */
    private static String quote(String value) {
        try {
            return io.pitstop.engine.json.Json.MAPPER.writeValueAsString(value == null ? "" : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
