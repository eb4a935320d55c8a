package io.pitstop.steps.train;

import io.pitstop.engine.conf.Profile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where training runs, from the profile: the default follows the master; bad values name the setting. */
class TrainingPathTest {

    private static TrainingPath of(Map<String, String> settings) {
        return TrainingPath.from(new Profile("p", Path.of("."), settings));
    }

    @Test
    void localMastersTrainInTheDriverAndClusterMastersOnTheExecutorsUnlessTheProfileSays() {
        assertFalse(of(Map.of()).spark());
        assertFalse(of(Map.of("spark.master", "local[4]")).spark());
        assertTrue(of(Map.of("spark.master", "spark://10.0.0.1:7077")).spark());
        assertFalse(of(Map.of("spark.master", "spark://10.0.0.1:7077", "training.path", "driver")).spark());
        TrainingPath spark = of(Map.of("training.path", "Spark", "training.averaging_frequency", "3"));
        assertTrue(spark.spark());
        assertEquals(3, spark.averagingFrequency());
    }

    @Test
    void aBadPathOrAveragingFrequencyIsRefusedNamingTheSettingAndValue() {
        var path = assertThrows(IllegalArgumentException.class, () -> of(Map.of("training.path", "gpu")));
        assertEquals("profile p: training.path must be driver or spark, found 'gpu'", path.getMessage());
        for (String bad : new String[]{"0", "-2", "five"}) {
            var frequency = assertThrows(IllegalArgumentException.class,
                    () -> of(Map.of("training.path", "spark", "training.averaging_frequency", bad)));
            assertEquals("profile p: training.averaging_frequency must be a whole number of minibatches >= 1, found '"
                    + bad + "'", frequency.getMessage());
        }
    }
}
