package io.pitstop.steps.model;

import java.util.Objects;

/**
 * One dense layer of a trained network as plain numbers, for exporting it to another runtime (ONNX):
 * {@code activation(x · weights + bias)}, with {@code weights} row-major {@code inputs × outputs} and
 * {@code bias} of length {@code outputs}. {@code alpha} is the activation's parameter (leaky ReLU's slope,
 * ELU's alpha) and 0 for those without one. The arrays are the caller's copy.
 */
public record NetworkLayer(int inputs, int outputs, float[] weights, float[] bias, Function activation, double alpha) {

    /** The activations Pitstop's networks use: the hidden layers' choices and the three output layers'. */
    public enum Function { RELU, LEAKY_RELU, ELU, SELU, TANH, SIGMOID, SOFTMAX, IDENTITY }

    public NetworkLayer {
        Objects.requireNonNull(activation, "activation");
        if (weights.length != (long) inputs * outputs || bias.length != outputs) {
            throw new IllegalArgumentException("a " + inputs + "×" + outputs + " layer with " + weights.length
                    + " weights and " + bias.length + " biases");
        }
    }
}
