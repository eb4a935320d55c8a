package io.pitstop.steps;

import io.pitstop.steps.spark.SparkSessionResource;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The one SparkSession of a test JVM: starting Spark costs seconds, so every test shares it. */
public final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            try {
                Path state = Files.createTempDirectory("pitstop-test-spark");
                session = SparkSessionResource.build("local[2]", state, Map.of());
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test SparkSession", e);
            }
        }
        return session;
    }
}
