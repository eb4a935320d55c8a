package io.pitstop.engine.conf;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.yaml.NearMatch;
import io.pitstop.engine.yaml.NodeDescription;
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
            "keys", "governance", "launch", "hadoop", "packages", "paths", "tables", LineageSettings.SECTION,
            MlflowSettings.SECTION);

    /**
     * Settings that name a place on disk: each must stay in the project, be a URI with a scheme, or
     * lie under one of {@code paths.allowed_roots} ({@link ProjectPaths}).
     */
    static final List<String> PATH_KEYS = List.of("state_dir", "dvc.remote", "keys.private", "keys.public",
            "packages.location", "lineage.path");

    /**
     * Sections whose keys are fixed too: a misspelt {@code store.pasword} would otherwise surface only as
     * a failed login against the database.
     */
    static final Map<String, Set<String>> SECTION_KEYS = Map.of("store", Set.of("url", "user", "password"),
            "packages", Set.of("location"), "paths", Set.of("allowed_roots"), "tables", Set.of("retention"),
            LineageSettings.SECTION, LineageSettings.KEYS, MlflowSettings.SECTION, MlflowSettings.KEYS,
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
                checkPaths(doc, projectDir, flat, problems);
                LineageSettings.check(doc, flat, problems);
                MlflowSettings.check(doc, flat, problems);
                String retention = flat.get(TableRetention.KEY);
                if (retention != null && TableRetention.parse(retention).isEmpty()) {
                    problems.add(Problem.at(doc.locate("/tables/retention"), TableRetention.problem(retention)));
                }
            }
        }
        if (!problems.isEmpty()) throw new SpecException(problems);
        return new Profile(name, projectDir.toAbsolutePath().normalize(), flat);
    }

    /** Allowed roots must be absolute; every path setting must resolve where {@link ProjectPaths} allows. */
    private static void checkPaths(YamlDocument doc, Path projectDir, Map<String, String> flat, List<Problem> problems) {
        List<Path> roots = new ArrayList<>();
        JsonNode declared = doc.at("/paths/allowed_roots");
        if (!declared.isMissingNode() && !declared.isNull()) {
            List<JsonNode> items = new ArrayList<>();
            if (declared.isArray()) declared.forEach(items::add); else items.add(declared);
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String at = declared.isArray() ? "/paths/allowed_roots/" + i : "/paths/allowed_roots";
                if (!item.isTextual() || item.textValue().isBlank() || !Path.of(item.textValue()).isAbsolute()) {
                    problems.add(Problem.at(doc.locate(at), "paths.allowed_roots: each root must be an absolute"
                            + " directory such as /srv/data, found " + NodeDescription.of(item)));
                } else {
                    roots.add(Path.of(item.textValue()));
                }
            }
        }
        ProjectPaths paths = new ProjectPaths(projectDir, roots);
        for (String key : PATH_KEYS) {
            String value = flat.get(key);
            if (value == null) continue;
            String pointer = "/" + key.replace('.', '/');
            paths.refusal(value).ifPresent(why -> problems.add(Problem.at(doc.locate(pointer), key + ": " + why)));
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
