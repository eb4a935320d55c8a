package io.pitstop.engine.step;

import io.pitstop.engine.contract.Contract;

import java.util.List;
import java.util.Optional;

/**
 * What a step tells the checks of the steps downstream of it, before anything runs, so that
 * {@code check} can judge a step's parameters against facts another step owns: the contract the data
 * it hands on conforms to (a {@code data.validate} step), or the task of the model it trains (a
 * {@code train.network} step). The engine passes these along the graph without knowing step kinds.
 *
 * <pre>
 * // in a data-validating step
 * public StepDeclaration declares(Params p, ValidationContext ctx) {
 *     return StepDeclaration.ofContract(loadedContract);
 * }
 * // in a step downstream of it
 * for (Contract c : ctx.upstreamContracts()) ... c.column(params.label()) ...
 * </pre>
 *
 * @param contract the data contract the step's data output conforms to; null for none
 * @param task     the model task the step's model output predicts (e.g. {@code binary}); null for none
 * @param slices   the columns the step measures metrics per value of (an evaluation's segments); null
 *                 when the step measures none
 * @param protectedColumns the columns the step measures per group for fairness (an evaluation's protected
 *                 columns); null when the step measures none
 */
public record StepDeclaration(Contract contract, String task, List<String> slices, List<String> protectedColumns) {

    /** The task of a binary classifier, the one task with a decision threshold ({@link DecisionThreshold}). */
    public static final String BINARY_TASK = "binary";

    public static final StepDeclaration NONE = new StepDeclaration(null, null, null, null);

    public StepDeclaration {
        slices = slices == null ? null : List.copyOf(slices);
        protectedColumns = protectedColumns == null ? null : List.copyOf(protectedColumns);
    }

    public StepDeclaration(Contract contract, String task, List<String> slices) {
        this(contract, task, slices, null);
    }

    public static StepDeclaration ofContract(Contract contract) {
        return new StepDeclaration(contract, null, null);
    }

    public static StepDeclaration ofTask(String task) {
        return new StepDeclaration(null, task, null);
    }

    public static StepDeclaration ofSlices(List<String> slices) {
        return new StepDeclaration(null, null, slices);
    }

    /** An evaluation's segments: its slice columns and its protected columns (judged for gaps between groups). */
    public static StepDeclaration ofSegments(List<String> slices, List<String> protectedColumns) {
        return new StepDeclaration(null, null, slices, protectedColumns);
    }

    public Optional<List<String>> protectedColumnsIfAny() {
        return Optional.ofNullable(protectedColumns);
    }

    public Optional<List<String>> slicesIfAny() {
        return Optional.ofNullable(slices);
    }

    public Optional<Contract> contractIfAny() {
        return Optional.ofNullable(contract);
    }

    public Optional<String> taskIfAny() {
        return Optional.ofNullable(task);
    }
}
