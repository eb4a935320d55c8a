package io.pitstop.engine.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pitstop.engine.json.JsonText;

import java.util.Map;
import java.util.TreeMap;

/** The machine and JVM a run ran on: one third of the reproducibility triple (code, data, environment). */
public final class Environment {

    private Environment() {
    }

    public static Map<String, String> capture() {
        var env = new TreeMap<String, String>();
        env.put("java.version", System.getProperty("java.version"));
        env.put("java.vendor", System.getProperty("java.vendor"));
        env.put("java.vm", System.getProperty("java.vm.name"));
        env.put("os.name", System.getProperty("os.name"));
        env.put("os.version", System.getProperty("os.version"));
        env.put("os.arch", System.getProperty("os.arch"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("max_heap_mb", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
        String omp = System.getenv("OMP_NUM_THREADS");
        env.put("omp_num_threads", omp == null ? "unset" : omp);
        String pitstop = Environment.class.getPackage().getImplementationVersion();
        env.put("pitstop.version", pitstop == null ? "dev" : pitstop);
        env.putAll(dependencies(CodeVersion.runtimeJars()));
        return env;
    }

    /** Captured keys whose values are whole numbers; {@code unset} (no OMP_NUM_THREADS) is null. */
    private static final java.util.Set<String> WHOLE_NUMBERS = java.util.Set.of("cpus", "max_heap_mb", "omp_num_threads");

    /**
     * A captured environment as machine-readable JSON: numbers as numbers, dotted keys nested at their first
     * dot ({@code "java": {"version": "17.0.9", ...}}, {@code "dependency": {"spark-core_2.12": "3.5.1"}}).
     */
    public static ObjectNode asJson(Map<String, String> captured) {
        var typed = new TreeMap<String, JsonNode>();
        captured.forEach((key, value) -> typed.put(key, WHOLE_NUMBERS.contains(key) ? wholeNumber(value)
                : TextNode.valueOf(value)));
        return JsonText.nestedAtFirstDot(typed);
    }

    private static JsonNode wholeNumber(String value) {
        if (value == null || !value.strip().matches("-?\\d{1,18}")) return NullNode.getInstance();
        return LongNode.valueOf(Long.parseLong(value.strip()));
    }

    /**
     * The libraries whose version can change a model or its numbers, by artifact; the rest of the
     * class path is in the runtime digest of every step's cache key. Keys are {@code dependency.<artifact>}.
     */
    static final java.util.List<String> TRACKED = java.util.List.of(
            "spark-core_2.12", "spark-sql_2.12", "deequ", "delta-spark_2.12", "deeplearning4j-nn", "nd4j-api",
            "nd4j-native", "nd4j-cuda-11.6", "openblas", "scala-library", "hadoop-client-api", "jackson-databind",
            "sqlite-jdbc", "org.eclipse.jgit");

    /** Versions read from jar names ({@code <artifact>-<version>[-<classifier>].jar}); the ND4J backend from which is present. */
    static Map<String, String> dependencies(java.util.Collection<String> jarNames) {
        var found = new TreeMap<String, String>();
        for (String jar : jarNames) {
            if (!jar.endsWith(".jar")) continue;
            String name = jar.substring(0, jar.length() - ".jar".length());
            for (String artifact : TRACKED) {
                if (name.length() > artifact.length() + 1 && name.startsWith(artifact + "-")
                        && Character.isDigit(name.charAt(artifact.length() + 1))) {
                    // Natives come as extra jars with a platform classifier: keep the shortest, the plain version.
                    found.merge("dependency." + artifact, name.substring(artifact.length() + 1),
                            (a, b) -> a.length() <= b.length() ? a : b);
                }
            }
        }
        String backend = found.containsKey("dependency.nd4j-cuda-11.6") ? "cuda"
                : found.containsKey("dependency.nd4j-native") ? "cpu" : null;
        if (backend != null) found.put("nd4j.backend", backend);
        return found;
    }
}
