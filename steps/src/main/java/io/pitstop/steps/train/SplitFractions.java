package io.pitstop.steps.train;

/**
 * Shares of rows held out for the test and validation splits; the rest trains. Both must be
 * positive so that evaluation and early stopping always have rows.
 *
 * <pre>
 * split: { test: 0.2, validation: 0.1 }
 * </pre>
 */
public record SplitFractions(Double test, Double validation) {

    public SplitFractions {
        test = test == null ? 0.2 : test;
        validation = validation == null ? 0.1 : validation;
        if (!(test > 0 && test < 1)) {
            throw new IllegalArgumentException("split.test must be in (0, 1), was " + test);
        }
        if (!(validation > 0 && validation < 1)) {
            throw new IllegalArgumentException("split.validation must be in (0, 1), was " + validation);
        }
        if (test + validation >= 0.9) {
            throw new IllegalArgumentException("split.test + split.validation must leave at least 10% of rows to train, was "
                    + (test + validation));
        }
    }

    public static SplitFractions defaults() {
        return new SplitFractions(null, null);
    }
}
