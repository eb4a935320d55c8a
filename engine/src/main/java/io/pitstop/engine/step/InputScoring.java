package io.pitstop.engine.step;

/**
 * A step kind that scores an input file into a prediction table: what {@code ./pitstop score} runs
 * alone, with its {@code --input} and {@code --mode} overrides. The CLI finds it by this interface and
 * changes its parameters through it, so it knows neither the kind's name nor its parameter names.
 *
 * @param <P> the step's parameters
 */
public interface InputScoring<P extends Record> {

    /** The file the parameters score, relative to the project (or a URI). */
    String input(P params);

    /** The same parameters scoring another input. */
    P withInput(P params, String input);

    /**
     * The same parameters entering the table another way.
     *
     * @throws IllegalArgumentException naming the modes there are, for one that is not
     */
    P withMode(P params, String mode);

    /**
     * Whether the parameters rehearse the run's own candidate package before its promotion, which a
     * scoring run alone does not have.
     */
    boolean rehearsal(P params);
}
