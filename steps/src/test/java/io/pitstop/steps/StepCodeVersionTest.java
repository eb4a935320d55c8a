package io.pitstop.steps;

import io.pitstop.engine.lineage.CodeVersion;
import io.pitstop.steps.score.ScoreBatchStep;
import io.pitstop.steps.train.TrainNetworkStep;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the real step kinds: the code a kind's cache key covers holds its own code and the engine
 * contracts it uses, not another kind's code, so changing scoring never retrains a model.
 */
class StepCodeVersionTest {

    @Test
    void trainingReachesNoScoringCodeAndScoringNoTrainingCode() {
        var train = CodeVersion.closure(TrainNetworkStep.class).classNames();
        var score = CodeVersion.closure(ScoreBatchStep.class).classNames();
        assertEquals(java.util.List.of(), train.stream().filter(c -> c.startsWith("io.pitstop.steps.score.")).toList());
        assertEquals(java.util.List.of(), score.stream().filter(c -> c.startsWith("io.pitstop.steps.train.")).toList());
        assertTrue(train.contains("io.pitstop.engine.step.Step"), "the engine contract a kind implements is its code too");
        assertEquals(java.util.List.of(), train.stream().filter(c -> c.startsWith("io.pitstop.engine.cli.")).toList(),
                "a help text of the command line is no step's code");
        assertTrue(CodeVersion.closure(ScoreBatchStep.class).references().contains("org.apache.spark.sql.SparkSession"),
                "scoring names the Spark session it asks for, so the session provider's code is in its cache key");
    }
}
