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
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads {@code conf/<name>.yaml} into a {@link Profile}, nested keys flattened with dots. */
public final class ProfileLoader {

    private ProfileLoader() {
    }

    public static Profile load(Path projectDir, String name) {
        Path file = projectDir.resolve("conf").resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no profile '" + name + "': " + file + " does not exist ("
                    + available(projectDir.resolve("conf")) + ")");
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

    /** The profiles there are, so a typo in --profile is one glance from its fix. */
    private static String available(Path confDir) {
        if (!Files.isDirectory(confDir)) return "and there is no directory " + confDir;
        try (Stream<Path> files = Files.list(confDir)) {
            String names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .sorted().map(n -> "conf/" + n).collect(Collectors.joining(", "));
            return names.isEmpty() ? "no profiles in " + confDir : "profiles: " + names;
        } catch (IOException e) {
            return "cannot list " + confDir + ": " + e.getMessage();
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
