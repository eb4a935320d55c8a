package io.pitstop.engine.conf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code conf/<name>.yaml} into a {@link Profile}, nested keys flattened with dots. */
public final class ProfileLoader {

    private ProfileLoader() {
    }

    public static Profile load(Path projectDir, String name) {
        Path file = projectDir.resolve("conf").resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no profile '" + name + "': " + file + " does not exist"
                    + " (profiles are the files in " + projectDir.resolve("conf") + ")");
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            Map<String, String> flat = new TreeMap<>();
            if (root != null) flatten("", root, flat);
            return new Profile(name, projectDir.toAbsolutePath().normalize(), flat);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read profile: " + e.getMessage(), e);
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            out.put(prefix, node.toString());
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }
}
