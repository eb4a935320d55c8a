package io.pitstop.steps.train;

import io.pitstop.steps.features.FeatureSpec;

import java.util.Objects;

/**
 * Parameters of {@code train.network}.
 *
 * <pre>
 * - id: train
 *   uses: train.network
 *   with:
 *     label: churn
 *     positive: "Yes"          # the label value that counts as the positive class
 *     key: customer_id         # one row per key; the split hashes it
 *     features: { categorical: [contract], numeric: [tenure, monthly_charges] }
 *     split: { test: 0.2, validation: 0.1 }
 *     network: { hidden: [32, 16], epochs: 30 }
 * </pre>
 */
public record TrainParams(
        String label,
        String positive,
        String key,
        FeatureSpec features,
        SplitFractions split,
        NetworkParams network) {

    public TrainParams {
        requireText(label, "label");
        requireText(positive, "positive");
        requireText(key, "key");
        Objects.requireNonNull(features, "features: declare the categorical and numeric columns");
        if (features.columns().contains(label)) {
            throw new IllegalArgumentException("features: the label column '" + label + "' cannot be a feature");
        }
        if (features.columns().contains(key)) {
            throw new IllegalArgumentException("features: the key column '" + key + "' cannot be a feature");
        }
        split = split == null ? SplitFractions.defaults() : split;
        network = network == null ? NetworkParams.defaults() : network;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
