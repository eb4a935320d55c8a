package io.pitstop.steps.train;

import io.pitstop.engine.step.ParameterProblems;

import java.util.List;
import java.util.Map;

/**
 * The feed-forward network and how it trains. {@code dropout} is the probability of dropping a
 * hidden unit (0 = off; DL4J itself takes the retain probability, the trainer converts).
 * {@code patience}: stop after that many epochs without a lower validation loss and keep the best
 * epoch's weights; absent = run every epoch and keep the last.
 *
 * <pre>
 * network:
 *   hidden: [32, 16]
 *   activation: relu
 *   learning_rate: 0.005
 *   epochs: 30
 *   batch_size: 128
 *   l2: 0.0001
 *   dropout: 0.1
 *   patience: 5
 *   optimizer: adam          # adam, nesterovs (SGD with Nesterov momentum 0.9), rmsprop, adagrad, sgd
 *   positive_weight: 2.0     # task binary: class weight of the positive class (negatives weigh 1); multiclass
 *                            # weighs classes with the train step's class_weights
 * </pre>
 *
 * <p>{@code activation} and {@code optimizer} are bound to {@link Activation} and {@link Optimizer} by
 * their lower-case names; the binder refuses any other name at {@code check}, listing the allowed ones.
 *
 * <p>Limits: at most {@value #MAX_LAYERS} hidden layers of 1 to {@value #MAX_UNITS} units each,
 * 1 to {@value #MAX_EPOCHS} epochs (and patience), batches of 1 to {@value #MAX_BATCH_SIZE} rows.
 */
public record NetworkParams(
        List<Integer> hidden,
        Activation activation,
        Double learningRate,
        Integer epochs,
        Integer batchSize,
        Double l2,
        Double dropout,
        Integer patience,
        Optimizer optimizer,
        Double positiveWeight) {

    /**
     * Size limits, checked before anything runs: far above what a tabular network needs (the demo uses
     * [32, 16], 30 epochs, batches of 128), low enough that a typo such as {@code 100000000} units is
     * refused at {@code check} instead of exhausting memory minutes into a run. Two layers of the
     * largest width hold 16.8 M weights (64 MiB).
     */
    public static final int MAX_UNITS = 4096;
    public static final int MAX_LAYERS = 16;
    public static final int MAX_EPOCHS = 10_000;
    public static final int MAX_BATCH_SIZE = 65_536;

    public NetworkParams {
        hidden = hidden == null ? List.of(32, 16) : List.copyOf(hidden);
        activation = activation == null ? Activation.RELU : activation;
        learningRate = learningRate == null ? 0.005 : learningRate;
        epochs = epochs == null ? 30 : epochs;
        batchSize = batchSize == null ? 128 : batchSize;
        l2 = l2 == null ? 0.0 : l2;
        dropout = dropout == null ? 0.0 : dropout;
        optimizer = optimizer == null ? Optimizer.ADAM : optimizer;
        positiveWeight = positiveWeight == null ? 1.0 : positiveWeight;
        // Every bad value is collected, so one `check` lists them all.
        var problems = new ParameterProblems();
        if (hidden.isEmpty()) {
            // No hidden layer is a logistic regression: declare that as such, not as a network by accident.
            problems.add("hidden", "network.hidden must list at least one layer's units, e.g. [32, 16]");
        }
        if (hidden.size() > MAX_LAYERS) {
            problems.add("hidden", "network.hidden lists " + hidden.size() + " layers; at most " + MAX_LAYERS
                    + " are allowed");
        }
        for (int i = 0; i < hidden.size(); i++) {
            Integer units = hidden.get(i);
            if (units == null || units < 1 || units > MAX_UNITS) {
                problems.add("hidden/" + i, "network.hidden[" + i + "] must be 1 to " + MAX_UNITS + " units, was " + units);
            }
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            problems.add("learning_rate", "network.learning_rate must be in (0, 1], was " + learningRate);
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            problems.add("epochs", "network.epochs must be 1 to " + MAX_EPOCHS + ", was " + epochs);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            problems.add("batch_size", "network.batch_size must be 1 to " + MAX_BATCH_SIZE + ", was " + batchSize);
        }
        if (!(l2 >= 0)) problems.add("l2", "network.l2 must be >= 0, was " + l2);
        if (!(dropout >= 0 && dropout < 1)) {
            problems.add("dropout", "network.dropout must be in [0, 1), was " + dropout);
        }
        if (!(positiveWeight > 0)) {
            problems.add("positive_weight", "network.positive_weight must be > 0, was " + positiveWeight);
        }
        if (patience != null && (patience < 1 || patience > MAX_EPOCHS)) {
            problems.add("patience", "network.patience must be 1 to " + MAX_EPOCHS + " epochs when given, was " + patience);
        }
        problems.throwIfAny();
    }

    public static NetworkParams defaults() {
        return new NetworkParams(null, null, null, null, null, null, null, null, null, null);
    }

    /** The hyperparameters as recorded in model.json and the run store, snake_case, sorted. */
    public Map<String, Object> asMap() {
        var all = new java.util.TreeMap<String, Object>();
        all.put("hidden", hidden);
        all.put("activation", activation.yamlName());
        all.put("learning_rate", learningRate);
        all.put("epochs", epochs);
        all.put("batch_size", batchSize);
        all.put("l2", l2);
        all.put("dropout", dropout);
        if (patience != null) all.put("patience", patience);
        all.put("optimizer", optimizer.yamlName());
        if (positiveWeight != 1.0) all.put("positive_weight", positiveWeight);
        all.put("output", "sigmoid/xent");
        return all;
    }
}
