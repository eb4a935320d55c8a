package io.pitstop.engine.conf;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.yaml.NearMatch;
import io.pitstop.engine.yaml.YamlDocument;
import io.pitstop.engine.yaml.YamlReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads {@code conf/<name>.yaml} into a {@link Profile}, nested keys flattened with dots. The
 * sections are known: a typo such as {@code stor:} would otherwise silently fall back to the
 * default store, so unknown top-level keys are problems with file:line:column. Inside a section,
 * keys are free (e.g. any {@code spark.conf.*} setting).
 */
public final class ProfileLoader {

    /** The top-level keys a profile may have. */
    static final Set<String> SECTIONS = Set.of("profile", "description", "state_dir", "store", "dvc", "spark", "training",
            "keys", "governance", "launch", "hadoop", "packages");

    /**
     * Sections whose keys are fixed too: a misspelt {@code store.pasword} would otherwise surface only as
     * a failed login against the database.
     */
    static final Map<String, Set<String>> SECTION_KEYS = Map.of("store", Set.of("url", "user", "password"),
            "packages", Set.of("location"),
            // A misspelt rule would silently not apply: require_clean_tre would let a dirty tree into production.
            "governance", Set.of("promoters", "approvers", "approval_required", "retention", "require_clean_tree"));

    private ProfileLoader() {
    }

    public static Profile load(Path projectDir, String name) {
        Path file = projectDir.resolve("conf").resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no profile '" + name + "': " + file + " does not exist ("
                    + available(projectDir.resolve("conf")) + ")");
        }
        YamlDocument doc = YamlReader.read(file);
        List<Problem> problems = new ArrayList<>(doc.problems());
        JsonNode root = doc.root();
        Map<String, String> flat = new TreeMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                problems.add(Problem.at(doc.locate(""), "a profile is a mapping of settings, not " + root.getNodeType()));
            } else {
                for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (!SECTIONS.contains(key)) {
                        problems.add(Problem.at(doc.locateKey("/" + key), "unknown profile key '" + key + "'"
                                + NearMatch.hint(key, SECTIONS) + "; known keys: " + new java.util.TreeSet<>(SECTIONS)));
                    }
                    Set<String> known = SECTION_KEYS.get(key);
                    JsonNode section = root.get(key);
                    if (known != null && section.isObject()) {
                        for (Iterator<String> inner = section.fieldNames(); inner.hasNext(); ) {
                            String inside = inner.next();
                            if (!known.contains(inside)) {
                                problems.add(Problem.at(doc.locateKey("/" + key + "/" + inside), "unknown key '" + key + "." + inside
                                        + "'" + NearMatch.hint(inside, known) + "; known keys: " + new java.util.TreeSet<>(known)));
                            }
                        }
                    }
                }
                flatten("", root, flat);
            }
        }
        if (!problems.isEmpty()) throw new SpecException(problems);
        return new Profile(name, projectDir.toAbsolutePath().normalize(), flat);
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
