package io.pitstop.steps.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.json.Json;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Properties;

/**
 * What the numbers of a training run depend on beyond code, data and params: the ND4J backend, its
 * BLAS and thread count (a different thread count can change float sums, hence weights), and the
 * Spark master and executor settings. Recorded as the train step's {@code environment} report; the
 * run's own environment has the JVM, OS, CPU and library versions.
 */
final class TrainingEnvironment {

    /** ND4J's own environment keys worth keeping; the rest (free memory and the like) change run to run. */
    private static final List<String> ND4J_KEYS = List.of("backend", "blas.vendor", "omp.threads", "cores",
            "os", "arch");
    private static final List<String> SPARK_KEYS = List.of("spark.master", "spark.submit.deployMode",
            "spark.executor.instances", "spark.executor.cores", "spark.executor.memory", "spark.driver.memory",
            "spark.default.parallelism", "spark.sql.shuffle.partitions", "spark.task.resource.gpu.amount",
            "spark.executor.resource.gpu.amount");

    private TrainingEnvironment() {
    }

    /**
     * The ids of the executors that run this application's tasks ({@code driver} in local mode), found
     * by running one task per slot and asking each where it ran: proof that work reached the executors.
     */
    static String executors(SparkSession spark) {
        int slots = Math.max(2, spark.sparkContext().defaultParallelism());
        java.util.List<String> ids = spark.range(0, slots, 1, slots)
                .mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<Long, String>) rows ->
                        java.util.List.of(org.apache.spark.SparkEnv.get().executorId()).iterator(),
                        org.apache.spark.sql.Encoders.STRING())
                .distinct().collectAsList();
        return String.join(",", new java.util.TreeSet<>(ids));
    }

    /**
     * @param opThreads the threads ND4J's ops ran on while the network trained ({@link OpThreads}); ND4J's
     *                  own {@code nd4j.omp.threads} is its setting outside training
     */
    static ObjectNode capture(SparkSession spark, String executionPath, int opThreads) {
        ObjectNode env = Json.MAPPER.createObjectNode();
        env.put("training.path", executionPath);
        env.put("training.op_threads", opThreads);
        env.put("nd4j.backend.class", Nd4j.getBackend().getClass().getName());
        env.put("nd4j.data_type", Nd4j.dataType().name());
        Properties nd4j = Nd4j.getExecutioner().getEnvironmentInformation();
        for (String key : ND4J_KEYS) {
            Object value = nd4j.get(key);
            if (value != null) env.put("nd4j." + key, value.toString());
        }
        SparkConf conf = spark.sparkContext().getConf();
        for (String key : SPARK_KEYS) {
            if (conf.contains(key)) env.put(key, conf.get(key));
        }
        env.put("spark.version", spark.version());
        env.put("spark.application_id", spark.sparkContext().applicationId());
        env.put("spark.executors", executors(spark));
        return env;
    }
}
