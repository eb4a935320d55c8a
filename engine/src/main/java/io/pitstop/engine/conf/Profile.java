package io.pitstop.engine.conf;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An environment profile from {@code conf/<name>.yaml}, flattened to dotted keys
 * ({@code spark.master}, {@code store.url}). The pipeline file never changes between environments;
 * the profile does.
 *
 * <p>{@code projectDir} is the project the profile belongs to, the one whose {@code conf/} it was read
 * from. Its state (state directory, run store, keys, packages, DVC remote, prediction tables) resolves
 * there even when the code runs from another working copy of it (a tag trigger's clean checkout):
 * one project has one state, whoever runs it.
 *
 * <pre>
 * profile: local
 * state_dir: .pitstop
 * spark:
 *   master: local[2]
 * </pre>
 */
public record Profile(String name, Path projectDir, Map<String, String> settings) {

    public Profile {
        settings = Map.copyOf(new TreeMap<>(settings));
    }

    public Optional<String> find(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    public String get(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    /** All settings under a prefix, with the prefix removed: {@code under("spark.conf")}. */
    public Map<String, String> under(String prefix) {
        var out = new TreeMap<String, String>();
        String p = prefix + ".";
        settings.forEach((k, v) -> {
            if (k.startsWith(p)) out.put(k.substring(p.length()), v);
        });
        return out;
    }

    /** Where Pitstop keeps its state (run store, artifacts, packages, tables): {@code state_dir}. */
    public Path stateDir() {
        return projectDir.resolve(get("state_dir", ".pitstop")).normalize();
    }

    /**
     * A place this project's state lives (a prediction table, a key file, a DVC remote): a filesystem
     * URI as it is, a path resolved against the project the profile belongs to, never against the
     * working copy that happens to run the code.
     */
    public String locate(String location) {
        return StoragePath.resolve(projectDir, location);
    }
}
