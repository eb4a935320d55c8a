package io.pitstop.engine.lineage;

import io.pitstop.engine.pkg.Sha256;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The version of a step's code, for the cache key. {@link #of} hashes the class files a step kind
 * can run: the transitive closure of the project's own ({@code io.pitstop.*}, and the class's own
 * package for a kind from outside the project) classes its class
 * refers to, read from their constant pools ({@link ClassReferences}), with the resource files its
 * package ships. Changing another kind's code, a CLI help text or the runner leaves it unchanged;
 * changing this kind's code or an engine class it uses changes it. javac output is deterministic,
 * so rebuilding unchanged sources keeps the cache warm. Third-party code is {@link #runtime}.
 *
 * <p>Code reached only by reflection or {@link java.util.ServiceLoader} is not followed; a step kind
 * reaches its collaborators by direct reference.
 */
public final class CodeVersion {

    /** The project's own classes, in internal form: only these are followed and hashed. */
    private static final String OWN = "io/pitstop/";

    private static final Map<Class<?>, Closure> CACHE = new ConcurrentHashMap<>();

    private CodeVersion() {
    }

    /**
     * What {@link #of} hashes: internal class names and package resource paths, each with its bytes'
     * SHA-256; and every class the closure's classes name, the project's and others (binary names),
     * so a caller can tell whether the code names a type it may be handed at run time.
     */
    public record Closure(java.util.SortedMap<String, String> files, java.util.SortedSet<String> references, String sha256) {
        public Closure {
            files = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(files));
            references = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(references));
        }

        /** The binary names ({@code io.pitstop.steps.train.TrainNetworkStep}) of the classes in the closure. */
        public java.util.SortedSet<String> classNames() {
            var names = new java.util.TreeSet<String>();
            files.keySet().stream().filter(f -> f.endsWith(".class"))
                    .forEach(f -> names.add(f.substring(0, f.length() - ".class".length()).replace('/', '.')));
            return names;
        }
    }

    /**
     * The SHA-256 of the code a class runs (see the class comment).
     *
     * @throws IllegalStateException when a class file or resource cannot be read: a code version that
     *                               cannot be computed must not pass as one that did not change
     */
    public static String of(Class<?> type) {
        return closure(type).sha256();
    }

    /** The files {@link #of} hashes for a class. */
    public static Closure closure(Class<?> type) {
        return CACHE.computeIfAbsent(type, CodeVersion::read);
    }

    private static Closure read(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (loader == null) throw new IllegalStateException("cannot read the code of " + type.getName()
                + ": it comes from the boot class path");
        String root = type.getName().replace('.', '/');
        // A step kind from outside the project (a plug-in) is followed through its own package too.
        String ownPackage = type.getPackageName().replace('.', '/') + "/";
        var files = new java.util.TreeMap<String, String>();
        var references = new java.util.TreeSet<String>();
        var pending = new java.util.ArrayDeque<String>();
        pending.add(root);
        while (!pending.isEmpty()) {
            String name = pending.poll();
            String file = name + ".class";
            if (files.containsKey(file)) continue;
            byte[] bytes = bytes(loader, file, type);
            files.put(file, Sha256.of(bytes));
            for (String ref : ClassReferences.of(bytes, file)) {
                if (!ref.isEmpty()) references.add(ref.replace('/', '.'));
                if ((ref.startsWith(OWN) || ref.startsWith(ownPackage)) && !files.containsKey(ref + ".class")) pending.add(ref);
            }
        }
        packageResources(type).forEach(resource -> files.put(resource, Sha256.of(bytes(loader, resource, type))));
        var all = new StringBuilder();
        files.forEach((file, sha) -> all.append(file).append(' ').append(sha).append('\n'));
        return new Closure(files, references, Sha256.of(all.toString()));
    }

    private static byte[] bytes(ClassLoader loader, String resource, Class<?> forType) {
        try (var in = loader.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("cannot read the code of " + forType.getName()
                    + ": " + resource + " is not on its class path");
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the code of " + forType.getName() + ": " + resource
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The non-class files under the class's package in the jar or directory it was loaded from (a
     * template, a default contract), as resource paths.
     */
    private static List<String> packageResources(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot read the code of " + type.getName() + ": it names no code source");
        }
        String pkg = type.getPackageName().replace('.', '/') + "/";
        var found = new java.util.ArrayList<String>();
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(location)) {
                Path dir = location.resolve(pkg);
                if (Files.isDirectory(dir)) {
                    try (var walk = Files.walk(dir)) {
                        walk.filter(Files::isRegularFile)
                                .map(f -> location.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
                                .filter(f -> !f.endsWith(".class")).forEach(found::add);
                    }
                }
            } else {
                try (var jar = new java.util.jar.JarFile(location.toFile())) {
                    jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(pkg)
                            && !e.getName().endsWith(".class")).forEach(e -> found.add(e.getName()));
                }
            }
        } catch (java.net.URISyntaxException | java.io.IOException e) {
            throw new IllegalStateException("cannot list the resources of " + type.getName() + " in "
                    + source.getLocation() + ": " + e.getMessage(), e);
        }
        java.util.Collections.sort(found);
        return found;
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
