package io.pitstop.steps.train;

import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.ValidationContext;
import io.pitstop.steps.dataset.ContractColumns;
import io.pitstop.steps.model.ModelTask;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code train.network}'s columns against the contract validated upstream, at {@code check}: the
 * label, the key and every feature are declared columns; a regression label and numeric features are
 * numbers, categorical features strings (what the feature transform encodes); a binary
 * {@code positive} and multiclass {@code classes} are values the contract allows the label, when it
 * lists them. Otherwise each would fail minutes into a run, after Spark started.
 */
final class TrainContractCheck {

    private TrainContractCheck() {
    }

    static List<Problem> check(TrainParams params, ValidationContext ctx) {
        ContractColumns columns = new ContractColumns(ctx);
        List<Problem> problems = new ArrayList<>();
        if (!columns.known()) return problems;
        ModelTask task = params.task();
        boolean regression = task == ModelTask.REGRESSION;
        columns.require("/label", "label", params.label(), regression ? ContractColumns.NUMERIC : ContractColumns.ANY,
                "a number (integer, long or double): task regression predicts a number").ifPresent(problems::add);
        columns.require("/key", "key", params.key(), ContractColumns.ANY, "").ifPresent(problems::add);
        var numeric = params.features().numeric();
        for (int i = 0; i < numeric.size(); i++) {
            columns.require("/features/numeric/" + i, "numeric feature", numeric.get(i), ContractColumns.NUMERIC,
                    "a number (integer, long or double), or listed under categorical").ifPresent(problems::add);
        }
        var categorical = params.features().categorical();
        for (int i = 0; i < categorical.size(); i++) {
            columns.require("/features/categorical/" + i, "categorical feature", categorical.get(i), ContractColumns.TEXT,
                    "a string, or listed under numeric").ifPresent(problems::add);
        }
        if (task == ModelTask.BINARY) {
            columns.requireAllowed("/positive", "positive", params.positive(), params.label()).ifPresent(problems::add);
        }
        if (task == ModelTask.MULTICLASS) {
            for (int i = 0; i < params.classes().size(); i++) {
                columns.requireAllowed("/classes/" + i, "class", params.classes().get(i), params.label())
                        .ifPresent(problems::add);
            }
        }
        return problems;
    }
}
