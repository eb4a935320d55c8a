package io.pitstop.engine.schema;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * JSON written the same way every time: keys sorted, two-space indent, one trailing newline. Generated
 * files are committed and checked for staleness, so a diff must show only real changes.
 */
final class JsonText {

    private JsonText() {
    }

    static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, "");
        return out.append('\n').toString();
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
