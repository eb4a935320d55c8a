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

    private static volatile String runtime;

    /**
     * The libraries this JVM runs with: the SHA-256 of the sorted file names (which carry versions
     * and, for ND4J, the CPU or CUDA backend) of every jar on the class path, including those a
     * launcher jar lists in its manifest's Class-Path. Bumping Spark or switching backends
     * therefore invalidates cached results.
     */
    public static String runtime() {
        if (runtime == null) runtime = Sha256.of(String.join("\n", runtimeJars()));
        return runtime;
    }

    private static volatile java.util.SortedSet<String> runtimeJars;

    /** The file names of every jar on the class path, with those a launcher jar's manifest lists, sorted. */
    public static java.util.SortedSet<String> runtimeJars() {
        if (runtimeJars == null) {
            var names = new java.util.TreeSet<String>();
            for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                if (entry.isBlank()) continue;
                Path path = Path.of(entry);
                names.add(path.getFileName().toString());
                if (entry.endsWith(".jar") && java.nio.file.Files.isRegularFile(path)) {
                    try (var jar = new java.util.jar.JarFile(path.toFile())) {
                        var manifest = jar.getManifest();
                        String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                        if (cp != null) {
                            for (String dep : cp.trim().split("\\s+")) names.add(Path.of(dep).getFileName().toString());
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("cannot read " + path, e);
                    }
                }
            }
            runtimeJars = java.util.Collections.unmodifiableSortedSet(names);
        }
        return runtimeJars;
    }
}
