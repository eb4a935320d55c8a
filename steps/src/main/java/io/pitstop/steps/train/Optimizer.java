package io.pitstop.steps.train;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How the network's weights are updated, as {@code network.optimizer} names it; each takes
 * {@code network.learning_rate}. Pitstop's own type for the same reason as {@link Activation}: ND4J's
 * updaters are built only in {@link NetworkTrainer}.
 *
 * <pre>
 * network: { optimizer: nesterovs, learning_rate: 0.01 }
 * </pre>
 */
public enum Optimizer {
    ADAM,
    /** SGD with Nesterov momentum 0.9. */
    NESTEROVS,
    RMSPROP,
    ADAGRAD,
    SGD;

    /** The name as written in a pipeline, in model.json's hyperparameters and the run store: {@code adam}. */
    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
