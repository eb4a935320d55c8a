package io.pitstop.engine.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON as text, written the same way every time. {@link #canonical} is for generated files that are
 * committed and checked for staleness (a diff must show only real changes); {@link #compact} and the
 * readers are for JSON kept in TEXT columns, where equal values must give equal text.
 */
public final class JsonText {

    private static final TypeReference<JsonNode> NODE = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, JsonNode>> DOCUMENTS = new TypeReference<>() { };
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };

    private JsonText() {
    }

    /** Keys sorted at every depth, two-space indent, one trailing newline. */
    public static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, "");
        return out.append('\n').toString();
    }

    /** A copy of a tree with the keys of every object sorted, at every depth: a canonical form to hash. */
    public static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) out.set(name, sorted(node.get(name)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    /**
     * Flat keys made into one level of nesting at their first dot, in key order: {@code java.version} becomes
     * {@code "java": {"version": ...}}, {@code dependency.spark-core_2.12} becomes {@code "dependency":
     * {"spark-core_2.12": ...}}. A key that is both a value and a prefix keeps its value under {@code ""}.
     */
    public static ObjectNode nestedAtFirstDot(Map<String, JsonNode> flat) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : new java.util.TreeMap<>(flat).entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot < 0) {
                if (out.get(key) instanceof ObjectNode group) group.set("", e.getValue());
                else out.set(key, e.getValue());
                continue;
            }
            JsonNode existing = out.get(key.substring(0, dot));
            ObjectNode group;
            if (existing instanceof ObjectNode o) {
                group = o;
            } else {
                group = Json.MAPPER.createObjectNode();
                if (existing != null) group.set("", existing);
                out.set(key.substring(0, dot), group);
            }
            group.set(key.substring(dot + 1), e.getValue());
        }
        return out;
    }

    /** One line, map keys sorted; null for null. */
    public static String compact(Object value) {
        if (value == null) return null;
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The tree of a text; null for null. */
    public static JsonNode node(String text) {
        return text == null ? null : read(text, NODE);
    }

    /** A JSON object of strings; empty for null. */
    public static Map<String, String> strings(String text) {
        return text == null ? Map.of() : read(text, STRINGS);
    }

    /** A JSON array of strings; empty for null. */
    public static List<String> list(String text) {
        return text == null ? List.of() : read(text, LIST);
    }

    /** A JSON object of documents; empty for null. */
    public static Map<String, JsonNode> documents(String text) {
        return text == null ? Map.of() : read(text, DOCUMENTS);
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            // Only Pitstop writes these texts (compact), so unreadable JSON means damaged storage.
            throw new IllegalStateException("stored JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }

    private static void write(JsonNode node, StringBuilder out, String indent) {
        String inner = indent + "  ";
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty()) {
                out.append("{}");
                return;
            }
            names.sort(null);
            out.append("{\n");
            for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
                String name = it.next();
                out.append(inner).append(quote(name)).append(": ");
                write(node.get(name), out, inner);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                out.append(inner);
                write(node.get(i), out, inner);
                out.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else if (node.isTextual()) {
            out.append(quote(node.textValue()));
        } else {
            out.append(node.toString());
        }
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
