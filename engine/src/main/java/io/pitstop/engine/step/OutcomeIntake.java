package io.pitstop.engine.step;

/**
 * A step kind that takes in a file of outcomes (labels that arrived after the predictions were made):
 * what {@code ./pitstop outcomes add <file>} runs alone with that file. The CLI finds the step by this
 * interface and changes its input through it, so it knows neither the kind's name nor its parameter names.
 *
 * @param <P> the step's parameters
 */
public interface OutcomeIntake<P extends Record> {

    /** The outcomes file the parameters read, relative to the project. */
    String input(P params);

    /** The same parameters reading another file. */
    P withInput(P params, String input);
}
