package io.pitstop.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;

/** How a found value is named in an error message: {@code string "20"}, {@code integer 5}, {@code a list}. */
public final class NodeDescription {

    private static final int MAX_TEXT = 40;

    private NodeDescription() {
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
