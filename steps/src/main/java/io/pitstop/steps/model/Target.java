package io.pitstop.steps.model;

import java.io.Serializable;
import java.util.List;

/**
 * How a label value becomes the number the network learns, and back: the positive class as 1
 * (binary), the index of the class in {@code classes} (multiclass), or the value standardised by the
 * training split's mean and standard deviation (regression, so the learning rate means the same
 * whatever the label's units). Training (driver and executors), evaluation and scoring share it;
 * it travels to executors, hence Serializable.
 */
public record Target(ModelTask task, String positive, List<String> classes, double mean, double scale)
        implements Serializable {

    /** A label value the model cannot learn from, named by its value. */
    public static final class UnusableLabelException extends IllegalArgumentException {
        public UnusableLabelException(String message) {
            super(message);
        }
    }

    public Target {
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (task == ModelTask.REGRESSION && !(scale > 0)) {
            throw new IllegalArgumentException("a regression target needs a positive scale, was " + scale);
        }
    }

    /** Units of the output layer. */
    public int outputs() {
        return task == ModelTask.MULTICLASS ? classes.size() : 1;
    }

    /**
     * The learning target of one label value (not null).
     *
     * @throws UnusableLabelException for a class not declared, or a non-numeric regression label
     */
    public float encode(Object label) {
        return switch (task) {
            case BINARY -> positive.equals(String.valueOf(label)) ? 1f : 0f;
            case MULTICLASS -> {
                int index = classes.indexOf(String.valueOf(label));
                if (index < 0) {
                    throw new UnusableLabelException("label value '" + label + "' is not one of the declared classes "
                            + classes + " (declare every class the label takes, exactly as written in the data)");
                }
                yield index;
            }
            case REGRESSION -> {
                if (!(label instanceof Number n)) {
                    throw new UnusableLabelException("label value '" + label + "' is not a number: task regression"
                            + " needs a numeric label");
                }
                yield (float) ((n.doubleValue() - mean) / scale);
            }
        };
    }

    /** A regression output of the network back in the label's units. */
    public double decode(float standardised) {
        return standardised * scale + mean;
    }
}
