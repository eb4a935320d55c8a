package io.pitstop.steps.features;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a numeric column learned from the training split: its mean (also the value a missing entry
 * takes) and the scale it is divided by. {@code std} is the population standard deviation, or 1
 * when the training column was constant or entirely missing, so encoding never divides by zero.
 */
public record NumericStats(String name, double mean, double std) implements Serializable {

    public NumericStats {
        Objects.requireNonNull(name, "name");
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("numeric feature '" + name + "': mean must be finite, was " + mean);
        }
        if (!Double.isFinite(std) || std <= 0) {
            throw new IllegalArgumentException("numeric feature '" + name + "': std must be finite and > 0, was " + std);
        }
    }
}
