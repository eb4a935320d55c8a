package io.pitstop.engine.lineage;

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
        return env;
    }
}
