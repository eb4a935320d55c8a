package io.pitstop.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;

/** How a found value is named in an error message: {@code string "20"}, {@code integer 5}, {@code a list}. */
public final class NodeDescription {

    private static final int MAX_TEXT = 40;

    private NodeDescription() {
    }

    /**
     * The kind of a value without its text ({@code a string}, {@code a number}): for a whole file that
     * is not what was expected, whose content an error must not echo (it may be any file on the disk).
     */
    public static String kindOf(JsonNode node) {
        if (node == null || node.isMissingNode()) return "nothing";
        if (node.isNull()) return "null (an empty value)";
        if (node.isTextual()) return "a string";
        if (node.isNumber()) return "a number";
        if (node.isBoolean()) return "a boolean";
        if (node.isArray()) return "a list";
        return "a mapping";
    }

    public static String of(JsonNode node) {
        if (node == null || node.isMissingNode()) return "nothing";
        if (node.isNull()) return "null (an empty value)";
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.length() > MAX_TEXT) text = text.substring(0, MAX_TEXT) + "...";
            return "string \"" + text + "\"";
        }
        if (node.isIntegralNumber()) return "integer " + node.asText();
        if (node.isNumber()) return "number " + node.asText();
        if (node.isBoolean()) return "boolean " + node.asText();
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        return node.getNodeType().name().toLowerCase();
    }
}
