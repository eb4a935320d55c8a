package io.pitstop.engine.lineage;

import io.pitstop.engine.pkg.Sha256;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The version of a step's code, for the cache key: the SHA-256 of the jar (or classes directory)
 * its class was loaded from. Jars are built reproducibly (fixed entry timestamps in the parent pom),
 * so rebuilding unchanged sources keeps the cache warm, and any change to a step's module busts it.
 */
public final class CodeVersion {

    private static final Map<Path, String> CACHE = new ConcurrentHashMap<>();

    private CodeVersion() {
    }

    public static String of(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        if (source == null) return "unknown";
        try {
            Path location = Path.of(source.getLocation().toURI());
            return CACHE.computeIfAbsent(location, Sha256::ofTree);
        } catch (java.net.URISyntaxException e) {
            return "unknown";
        }
    }
}
