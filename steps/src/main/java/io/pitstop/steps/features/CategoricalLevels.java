package io.pitstop.steps.features;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The values a categorical column took in the training split, sorted. Each value gets one slot of
 * the one-hot block; two more slots follow: "unseen" (a value not in this list) and "missing"
 * (null, empty or blank).
 */
public record CategoricalLevels(String name, List<String> values) implements Serializable {

    public CategoricalLevels {
        Objects.requireNonNull(name, "name");
        values = List.copyOf(values);
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i - 1).compareTo(values.get(i)) >= 0) {
                throw new IllegalArgumentException("categorical feature '" + name
                        + "': values must be sorted and distinct, found '" + values.get(i - 1)
                        + "' before '" + values.get(i) + "'");
            }
        }
    }

    /** Slots this column occupies in the encoded vector: one per value, then unseen, then missing. */
    public int width() {
        return values.size() + 2;
    }
}
