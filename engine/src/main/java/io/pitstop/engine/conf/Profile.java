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
}
