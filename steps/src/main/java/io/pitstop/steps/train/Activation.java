package io.pitstop.steps.train;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The hidden layers' activation, as {@code network.activation} names it; a short list on purpose,
 * each tried on this kind of data. Pitstop's own type, not ND4J's {@code Activation}: {@code check}
 * binds and validates the params, and must load no ND4J class ({@code CheckLoadsNoHeavyClassesTest});
 * {@link NetworkTrainer} maps each to ND4J's when it builds the network.
 *
 * <pre>
 * network: { activation: leaky_relu }
 * </pre>
 */
public enum Activation {
    RELU, LEAKY_RELU, ELU, SELU, TANH, SIGMOID;

    /** The name as written in a pipeline, in model.json's hyperparameters and the run store: {@code leaky_relu}. */
    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
