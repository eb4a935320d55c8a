package io.pitstop.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.step.Location;
import io.pitstop.engine.step.Problem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads typed members out of one YAML mapping, strictly: each wrong type, missing required key or
 * unknown key becomes a located problem in a shared list, and reading goes on so that one pass
 * reports everything. {@code prefix} says whose keys these are in messages, e.g. {@code "step 'train': "}.
 *
 * <pre>
 * var model = top.mapping("model", true, "model: ");
 * model.ifPresent(m -&gt; m.allowOnly(Set.of("name", "owner")));
 * </pre>
 */
public final class MappingReader {

    private final YamlDocument doc;
    private final String pointer;
    private final String prefix;
    private final List<Problem> problems;

    private MappingReader(YamlDocument doc, String pointer, String prefix, List<Problem> problems) {
        this.doc = doc;
        this.pointer = pointer;
        this.prefix = prefix;
        this.problems = problems;
    }

    /**
     * A reader for the mapping at {@code pointer}, or empty (with a problem recorded) if the node is
     * something else. {@code what} names the node for that problem, e.g. {@code "a pipeline file"}.
     */
    public static Optional<MappingReader> of(YamlDocument doc, String pointer, String what, String prefix,
                                             List<Problem> problems) {
        JsonNode node = doc.at(pointer);
        if (!node.isObject()) {
            // The whole file is described by kind only: it may be any file, and its text is not ours to print.
            String found = pointer.isEmpty() ? NodeDescription.kindOf(node) : NodeDescription.of(node);
            problems.add(Problem.at(doc.locate(pointer), prefix + what + " must be a mapping, found " + found));
            return Optional.empty();
        }
        return Optional.of(new MappingReader(doc, pointer, prefix, problems));
    }

    public JsonNode node() {
        return doc.at(pointer);
    }

    public String pointer() {
        return pointer;
    }

    public String pointer(String key) {
        return YamlDocument.child(pointer, key);
    }

    public YamlDocument document() {
        return doc;
    }

    /** Where this mapping starts. */
    public Location location() {
        return doc.locate(pointer);
    }

    /** Where a member's value starts (the mapping itself if the member is absent). */
    public Location location(String key) {
        return doc.locate(pointer(key));
    }

    public Location keyLocation(String key) {
        return doc.locateKey(pointer(key));
    }

    public boolean has(String key) {
        JsonNode v = node().get(key);
        return v != null && !v.isNull();
    }

    /** Records a problem at a member's value, prefixed with whose it is. */
    public void problem(String key, String message) {
        problems.add(Problem.at(location(key), prefix + message));
    }

    /** How many problems have been found so far in the shared list (to tell whether a part was clean). */
    public int problemCount() {
        return problems.size();
    }

    /** Records a problem at any node of the document, by absolute pointer (e.g. one list item). */
    public void problemAt(String absolutePointer, String message) {
        problems.add(Problem.at(doc.locate(absolutePointer), prefix + message));
    }

    /** Records a problem at this mapping. */
    public void problem(String message) {
        problems.add(Problem.at(location(), prefix + message));
    }

    /** Reports every key not in {@code known}, at the key, with a near match or the list of known keys. */
    public void allowOnly(Collection<String> known) {
        node().fieldNames().forEachRemaining(name -> {
            if (known.contains(name)) return;
            String hint = NearMatch.among(name, known).map(m -> " (did you mean '" + m + "'?)")
                    .orElse("; expected one of: " + String.join(", ", new TreeSet<>(known)));
            problems.add(Problem.at(keyLocation(name), prefix + "unknown key '" + name + "'" + hint));
        });
    }

    public Optional<String> string(String key, boolean required) {
        return member(key, required, "a string").filter(v -> expect(key, v, v.isTextual(), "a string"))
                .map(JsonNode::textValue);
    }

    public Optional<Long> integer(String key, boolean required) {
        return member(key, required, "an integer")
                .filter(v -> expect(key, v, v.isIntegralNumber() && v.canConvertToLong(), "an integer"))
                .map(JsonNode::longValue);
    }

    /** Any number; an integer is a number too. */
    public Optional<Double> number(String key, boolean required) {
        return member(key, required, "a number").filter(v -> expect(key, v, v.isNumber(), "a number"))
                .map(JsonNode::doubleValue);
    }

    public Optional<Boolean> bool(String key, boolean required) {
        return member(key, required, "true or false").filter(v -> expect(key, v, v.isBoolean(), "true or false"))
                .map(JsonNode::booleanValue);
    }

    /** A nested mapping, read with its own prefix for messages. */
    public Optional<MappingReader> mapping(String key, boolean required, String childPrefix) {
        return member(key, required, "a mapping").filter(v -> expect(key, v, v.isObject(), "a mapping"))
                .map(v -> new MappingReader(doc, pointer(key), childPrefix, problems));
    }

    /** A list; each item is addressed as {@code pointer(key) + "/" + index}. */
    public Optional<JsonNode> list(String key, boolean required) {
        return member(key, required, "a list").filter(v -> expect(key, v, v.isArray(), "a list"));
    }

    /** Readers for the items of a list member, skipping (and reporting) items that are not mappings. */
    public List<MappingReader> mappings(String key, String itemWhat, boolean required) {
        List<MappingReader> out = new ArrayList<>();
        list(key, required).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                of(doc, YamlDocument.child(pointer(key), i), itemWhat, prefix, problems).ifPresent(out::add);
            }
        });
        return out;
    }

    /** A reader sharing this one's document and problem list, for a node elsewhere. */
    public MappingReader withPrefix(String newPrefix) {
        return new MappingReader(doc, pointer, newPrefix, problems);
    }

    private Optional<JsonNode> member(String key, boolean required, String expected) {
        JsonNode v = node().get(key);
        if (v == null || v.isNull()) {
            if (required) {
                String message = v == null ? "missing required key '" + key + "'"
                        : "'" + key + "' must be " + expected + ", found an empty value";
                problems.add(Problem.at(v == null ? location() : location(key), prefix + message));
            }
            return Optional.empty();
        }
        return Optional.of(v);
    }

    private boolean expect(String key, JsonNode value, boolean ok, String expected) {
        if (!ok) problem(key, "'" + key + "' must be " + expected + ", found " + NodeDescription.of(value));
        return ok;
    }
}
