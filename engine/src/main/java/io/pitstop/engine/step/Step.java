package io.pitstop.engine.step;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kind of pipeline step, e.g. {@code train.network}. Implementations are registered through
 * {@link java.util.ServiceLoader} (META-INF/services/io.pitstop.engine.step.Step) and need a public
 * no-argument constructor; the engine never switches over step kinds.
 *
 * <pre>
 * - id: train
 *   uses: train.network      # kind()
 *   needs: [validate]
 *   with: { epochs: 20 }     # bound strictly to paramsType()
 * </pre>
 *
 * @param <P> the step's parameters: an immutable record whose compact constructor validates values
 *            and fills defaults
 */
public interface Step<P extends Record> {

    /** The name used in {@code uses:}, e.g. {@code data.validate}. */
    String kind();

    /** One line for {@code --help} and the JSON Schema. */
    String description();

    Class<P> paramsType();

    /** Names of upstream outputs this step reads through {@link Upstream}; checked before running. */
    default Set<String> consumes(P params) {
        return Set.of();
    }

    /** Names of the outputs this step promises on success. */
    Set<String> produces(P params);

    /**
     * Checks that need more than the params' shape but no running: referenced files exist,
     * referenced contracts are valid. Collect every problem; do not throw for bad input.
     */
    default List<Problem> validate(P params, ValidationContext ctx) {
        return List.of();
    }

    /**
     * What this step tells the checks of the steps downstream of it (the contract its data conforms
     * to, the task its model predicts): read by {@code check} before anything runs. Return
     * {@link StepDeclaration#NONE} when a fact cannot be read (its own {@link #validate} reports why).
     */
    default StepDeclaration declares(P params, ValidationContext ctx) {
        return StepDeclaration.NONE;
    }

    /**
     * The project files this step reads as they are, relative to the project: a contract, an input
     * file. The run's lineage calls its working copy dirty when one of them is not committed to Git
     * ({@link io.pitstop.engine.lineage.GitState}); a file DVC versions (with a {@code .dvc} file beside
     * it) is judged by its data version instead. Files the step itself puts under version (data.version's
     * source) are not listed.
     */
    default Set<String> filesRead(P params) {
        return Set.of();
    }

    /**
     * Fingerprints of what the step reads from outside the pipeline's own outputs (the content of
     * an input file, the current production model). Part of the cache key, together with the step's
     * kind, params, code version and upstream outputs.
     */
    default Map<String, String> externalInputs(P params, StepContext ctx) throws Exception {
        return Map.of();
    }

    /**
     * Whether an earlier result with the same fingerprint still describes the world, so it may be
     * reused. Only for steps whose outputs live outside the artifact directory, where something else
     * can change them after the run (a tracked dataset in the project); the default is true.
     *
     * @param outputs the outputs the earlier execution recorded
     */
    default boolean cachedOutputsHold(P params, Map<String, String> outputs, StepContext ctx) throws Exception {
        return true;
    }

    /**
     * What a result reused from the cache says in this run, about the present: a step whose outputs
     * name the state of something outside the artifact directory (a table's current version, the
     * stage a released version is in) reads it again, so a cached step reports what holds now, not
     * the words of the run it was cached from. Return {@link StepResult.Outcome#SUCCEEDED} with the
     * outputs to record (the default: the earlier ones as they are) and, if useful, a message; or
     * {@link StepResult.Outcome#STOPPED} when the earlier result no longer stands for the present and
     * running again is not the answer either (a release rolled back since must not be re-released by
     * an unchanged run). Metrics and reports stay those of the earlier execution.
     *
     * @param outputs the outputs the earlier execution recorded
     */
    default StepResult cachedResult(P params, Map<String, String> outputs, StepContext ctx) throws Exception {
        var result = StepResult.succeeded();
        outputs.forEach(result::output);
        return result.build();
    }

    /**
     * Does the work. Outcomes are values: a failed data check or a gate that says no is a
     * {@link StepResult} with {@link StepResult.Outcome#FAILED} or {@link StepResult.Outcome#STOPPED};
     * exceptions are for bugs and broken infrastructure.
     */
    StepResult run(P params, StepContext ctx) throws Exception;
}
