package io.pitstop.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.step.Location;
import io.pitstop.engine.step.Problem;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML file that remembers where every node came from, so that a problem found long after
 * parsing (a bad parameter, a cycle) can still be reported as {@code file:line:column}.
 *
 * <p>Nodes are addressed by JSON pointer ({@code /steps/2/with/epochs}). {@code values} holds the
 * position of each node's value; {@code keys} the position of the key that names a mapping member,
 * which is where an "unknown key" belongs.
 *
 * @param problems problems that did not stop parsing (duplicate keys); the first occurrence is kept
 */
public record YamlDocument(Path file, String text, JsonNode root, Map<String, Location> values,
                           Map<String, Location> keys, List<Problem> problems) {

    public YamlDocument {
        values = Map.copyOf(values);
        keys = Map.copyOf(keys);
        problems = List.copyOf(problems);
    }

    /** The node at a pointer, or a missing node. */
    public JsonNode at(String pointer) {
        return root.at(pointer);
    }

    /** Where the value at a pointer starts; falls back to the nearest enclosing node, then the file start. */
    public Location locate(String pointer) {
        for (String p = pointer; ; p = parentOf(p)) {
            Location found = values.get(p);
            if (found != null) return found;
            if (p.isEmpty()) return Location.startOf(file);
        }
    }

    /** Where the key naming the member at a pointer starts; for list items and the root, where the value starts. */
    public Location locateKey(String pointer) {
        Location key = keys.get(pointer);
        return key != null ? key : locate(pointer);
    }

    /** The pointer of the enclosing node: {@code /a/b} gives {@code /a}, {@code /a} gives the root {@code ""}. */
    public static String parentOf(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    /** Appends one member name or list index to a pointer, escaping as RFC 6901 asks. */
    public static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    public static String child(String pointer, int index) {
        return pointer + "/" + index;
    }
}
