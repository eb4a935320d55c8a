package io.pitstop.engine.lineage;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentTest {

    @Test
    void versionsComeFromJarNamesAndThePlainJarWinsOverItsNativeClassifier() {
        Map<String, String> deps = Environment.dependencies(List.of(
                "spark-core_2.12-3.5.9.jar", "nd4j-native-1.0.0-M2.1-linux-x86_64.jar", "nd4j-native-1.0.0-M2.1.jar",
                "nd4j-native-api-1.0.0-M2.1.jar", "deequ-2.1.0-spark-3.5.jar", "classes", "unrelated-1.0.jar"));

        assertEquals("3.5.9", deps.get("dependency.spark-core_2.12"));
        assertEquals("1.0.0-M2.1", deps.get("dependency.nd4j-native"), "not nd4j-native-api, not the classifier jar");
        assertEquals("2.1.0-spark-3.5", deps.get("dependency.deequ"));
        assertEquals("cpu", deps.get("nd4j.backend"));
        assertFalse(deps.containsKey("dependency.unrelated"));
    }

    @Test
    void theCudaBackendIsNamedWhenItsJarIsPresent() {
        assertEquals("cuda", Environment.dependencies(List.of("nd4j-cuda-11.6-1.0.0-M2.1.jar")).get("nd4j.backend"));
    }

    @Test
    void aCapturedEnvironmentHasTheJvmAndTheLibrariesOfThisTestRun() {
        Map<String, String> env = Environment.capture();
        assertEquals(System.getProperty("java.version"), env.get("java.version"));
        assertTrue(env.containsKey("dependency.jackson-databind"), env.toString());
    }
}
