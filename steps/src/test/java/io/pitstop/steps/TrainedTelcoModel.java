package io.pitstop.steps;

import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.train.Activation;
import io.pitstop.steps.train.NetworkParams;
import io.pitstop.steps.train.SplitFractions;
import io.pitstop.steps.train.TrainNetworkStep;
import io.pitstop.steps.train.TrainParams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One model trained on the first 2,000 Telco rows, once per test JVM, for the tests that need a
 * model but are not about training (evaluation, scoring, the batch scorer).
 */
public final class TrainedTelcoModel {

    public static final int ROWS = 2000;
    private static Path dir;
    private static StepResult result;

    private TrainedTelcoModel() {
    }

    public static TrainParams params(int epochs, Integer patience) {
        return new TrainParams("churn", "Yes", "customer_id", TelcoData.FEATURES, new SplitFractions(0.2, 0.1),
                new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, epochs, 64, 1e-4, null, patience, null, null));
    }

    public static synchronized StepResult result() {
        if (result == null) {
            try {
                dir = Files.createTempDirectory("pitstop-trained");
                Path validated = TelcoData.validatedParquet(dir, ROWS);
                var ctx = TestStepContext.builder().outputDir(dir.resolve("train")).seed(42)
                        .upstream("validated", validated).build();
                result = new TrainNetworkStep().run(params(15, null), ctx);
            } catch (Exception e) {
                throw new IllegalStateException("cannot train the shared test model", e);
            }
        }
        return result;
    }

    public static Path modelDir() {
        return Path.of(result().outputs().get("model"));
    }

    public static Path split(String name) {
        return Path.of(result().outputs().get(name + "_split"));
    }
}
