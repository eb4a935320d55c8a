package io.pitstop.steps.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * What executors on a cluster need that a local session gets for free, as Spark settings a profile
 * may still override: Pitstop's classes and libraries (DL4J and the ND4J natives included), the JVM
 * flags Spark and ND4J need on Java 17, and ND4J on one OpenMP thread per task.
 *
 * <p>The class path default is the driver's own, which suits workers that see the same filesystem
 * (one machine, or an install on a shared path). Elsewhere, submit the application jar
 * ({@code spark.jars}) and that replaces it.
 */
final class ExecutorDefaults {

    /** Driver JVM options executors need too. */
    private static final List<String> FORWARDED = List.of("--add-opens", "-XX:+IgnoreUnrecognizedVMOptions",
            "-Djdk.reflect.useDirectMethodHandle", "-Dorg.bytedeco.javacpp.", "-Daeron.");

    private ExecutorDefaults() {
    }

    static boolean isCluster(String master) {
        return !master.startsWith("local");
    }

    /**
     * The defaults for a cluster master, leaving out what {@code configured} already sets, or what
     * spark-submit set (it passes its settings as {@code spark.*} system properties; with
     * {@code spark.jars} holding the submitted application jar, executors get Pitstop from there).
     */
    static Map<String, String> forCluster(Map<String, String> profileConf) {
        var configured = new java.util.HashMap<>(profileConf);
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark."))
                .forEach(k -> configured.putIfAbsent(k, System.getProperty(k)));
        var defaults = new LinkedHashMap<String, String>();
        if (!configured.containsKey("spark.jars") && !configured.containsKey("spark.executor.extraClassPath")) {
            defaults.put("spark.executor.extraClassPath", String.join(File.pathSeparator, driverClassPath()));
        }
        // Spark puts a profile's spark.executor.extraJavaOptions after these, so a profile adds its own
        // options without losing the flags executors cannot start without on Java 17.
        if (!configured.containsKey("spark.executor.defaultJavaOptions")) {
            defaults.put("spark.executor.defaultJavaOptions", String.join(" ", forwardedOptions(
                    ManagementFactory.getRuntimeMXBean().getInputArguments())));
        }
        defaults.putIfAbsent("spark.executorEnv.OMP_NUM_THREADS", "1");
        configured.keySet().forEach(defaults::remove);
        return defaults;
    }

    static List<String> forwardedOptions(List<String> jvmArguments) {
        var out = new ArrayList<String>();
        for (String arg : jvmArguments) {
            if (FORWARDED.stream().anyMatch(arg::startsWith)) out.add(arg);
        }
        return out;
    }

    /**
     * Every class path entry of this JVM as an absolute path, including those a launcher jar names
     * in its manifest's Class-Path ({@code pitstop.jar}'s lib/, Surefire's booter jar).
     */
    static List<String> driverClassPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            Path path = Path.of(entry).toAbsolutePath().normalize();
            entries.add(path.toString());
            if (entry.endsWith(".jar") && Files.isRegularFile(path)) entries.addAll(manifestClassPath(path));
        }
        return List.copyOf(entries);
    }

    private static List<String> manifestClassPath(Path jar) {
        try (var file = new JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (cp == null) return List.of();
            var out = new ArrayList<String>();
            URI base = jar.getParent().toUri();
            for (String ref : cp.trim().split("\\s+")) {
                out.add(Path.of(base.resolve(ref)).toAbsolutePath().normalize().toString());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        }
    }
}
