package io.pitstop.steps.gate;

import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.ValidationContext;
import io.pitstop.steps.dataset.ContractColumns;
import io.pitstop.steps.metrics.TaskMetrics;
import io.pitstop.steps.model.ModelTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code release.gate}'s rules at {@code check}: every metric a rule names is one evaluation writes
 * for the task trained upstream ({@code auroc} gets "did you mean 'auc'"), every floor and ceiling
 * lies in its metric's range (a floor of 1.5 on {@code auc} could never pass), an absolute regression
 * allowance is no wider than the range, and slice columns are columns of the contract validated
 * upstream that the evaluation upstream measures. A rule that can never decide is a mistake found now rather than at the end of a run.
 */
final class GateRulesCheck {

    private GateRulesCheck() {
    }

    static List<Problem> check(GateStep.Params params, ValidationContext ctx) {
        Optional<ModelTask> task = ctx.upstreamTask().flatMap(ModelTask::parse);
        Set<String> known = TaskMetrics.names(task);
        List<Problem> problems = new ArrayList<>();
        limits("floors", params.floors(), task, known, ctx, problems);
        limits("ceilings", params.ceilings(), task, known, ctx, problems);
        regressions("max_regression", params.maxRegression(), task, known, ctx, problems, true);
        regressions("max_relative_regression", params.maxRelativeRegression(), task, known, ctx, problems, false);
        if (params.slices() != null) {
            // Slices carry fewer metrics than the whole test split: a rule on one they lack could only fail at the gate.
            regressions("slices/max_regression", params.slices().maxRegression(), task, TaskMetrics.sliceNames(task), ctx,
                    problems, true);
            ContractColumns columns = new ContractColumns(ctx);
            // An evaluation whose own slices are wrong is reported there; judging against them would only echo it.
            Optional<List<String>> measured = ctx.upstreamSlices()
                    .filter(m -> !columns.known() || m.stream().allMatch(c -> columns.column(c).isPresent()));
            List<String> sliceColumns = params.slices().columns();
            for (int i = 0; i < sliceColumns.size(); i++) {
                String column = sliceColumns.get(i);
                String at = "/slices/columns/" + i;
                Optional<Problem> undeclared = columns.require(at, "slice column", column, ContractColumns.ANY, "");
                undeclared.ifPresent(problems::add);
                if (undeclared.isEmpty() && measured.isPresent() && !measured.get().contains(column)) {
                    problems.add(ctx.problemAt(at, "slice column '" + column + "' is not measured: the evaluation"
                            + " upstream slices by " + measured.get() + " (add it to the evaluate step's slices)"));
                }
            }
        }
        if (params.fairness() != null) fairness(params.fairness(), task, ctx, problems);
        return problems;
    }

    /**
     * Fairness limits need protected groups measured upstream; the two gaps are rates of a binary classifier;
     * a group's regression names a metric evaluation writes per group, no wider than its range.
     */
    private static void fairness(FairnessLimits limits, Optional<ModelTask> task, ValidationContext ctx,
                                 List<Problem> problems) {
        ctx.upstreamProtectedColumns().filter(List::isEmpty).ifPresent(none -> problems.add(ctx.problemAt("/fairness",
                "the gate has fairness limits but the evaluation upstream declares no protected columns"
                        + " (add fairness: { protected_columns: [...] } to the evaluate step)")));
        if (task.isPresent() && task.get() != ModelTask.BINARY) {
            for (var gap : new TreeMap<>(Map.of("max_demographic_parity_difference",
                    limits.maxDemographicParityDifference() != null,
                    "max_equal_opportunity_difference", limits.maxEqualOpportunityDifference() != null)).entrySet()) {
                if (!gap.getValue()) continue;
                problems.add(ctx.problemAt("/fairness/" + gap.getKey(), "fairness." + gap.getKey() + ": positive rates and"
                        + " TPR are a binary classifier's, and the model trained upstream is " + task.get().yamlName()
                        + "; limit a group's loss against the champion with max_group_regression: { "
                        + String.join(", ", TaskMetrics.groupNames(task)) + " }"));
            }
        }
        Set<String> known = TaskMetrics.groupNames(task);
        new TreeMap<>(limits.maxGroupRegression()).forEach((metric, value) -> {
            String at = "/fairness/max_group_regression/" + metric;
            if (!known.contains(metric)) {
                String forTask = task.map(t -> " for task " + t.yamlName()).orElse("");
                String hint = TaskMetrics.likelyMeant(metric, known).map(m -> " (did you mean '" + m + "'?)").orElse("");
                problems.add(ctx.problemAt(at, "fairness.max_group_regression: '" + metric + "' is not a metric evaluation"
                        + " writes per group" + forTask + hint + "; known: " + String.join(", ", known)));
                return;
            }
            TaskMetrics.Range range = TaskMetrics.range(metric).orElseThrow();
            if (value > range.max() - range.min()) {
                problems.add(ctx.problemAt(at, "fairness.max_group_regression." + metric + " is " + value
                        + ", wider than the whole range of " + metric + " " + range + ": it allows any loss"));
            }
        });
    }

    private static void limits(String rule, Map<String, Double> limits, Optional<ModelTask> task, Set<String> known,
                               ValidationContext ctx, List<Problem> problems) {
        new TreeMap<>(limits).forEach((metric, value) -> {
            String at = "/" + rule + "/" + metric;
            if (unknown(rule, metric, task, known, ctx, problems)) return;
            TaskMetrics.Range range = TaskMetrics.range(metric).orElseThrow();
            if (!range.contains(value)) {
                problems.add(ctx.problemAt(at, rule + "." + metric + " is " + value + ", outside the range of " + metric
                        + " " + range + ": the rule could never decide as meant"));
            }
        });
    }

    private static void regressions(String rule, Map<String, Double> allowances, Optional<ModelTask> task, Set<String> known,
                                    ValidationContext ctx, List<Problem> problems, boolean absolute) {
        new TreeMap<>(allowances).forEach((metric, value) -> {
            if (unknown(rule, metric, task, known, ctx, problems)) return;
            TaskMetrics.Range range = TaskMetrics.range(metric).orElseThrow();
            double width = range.max() - range.min();
            if (absolute && value > width) {
                problems.add(ctx.problemAt("/" + rule + "/" + metric, rule.replace('/', '.') + "." + metric + " is " + value
                        + ", wider than the whole range of " + metric + " " + range + ": it allows any loss"));
            }
        });
    }

    /** Records a problem and says true when the metric is not one evaluation writes for the task. */
    private static boolean unknown(String rule, String metric, Optional<ModelTask> task, Set<String> known,
                                   ValidationContext ctx, List<Problem> problems) {
        if (known.contains(metric)) return false;
        String forTask = task.map(t -> " for task " + t.yamlName()).orElse("");
        var elsewhere = TaskMetrics.tasksWith(metric);
        String hint = TaskMetrics.names(task).contains(metric) ? " (evaluation writes it for the whole test split, not per slice)"
                : !elsewhere.isEmpty() ? " (it is a metric of task " + String.join(", ", elsewhere) + ")"
                : TaskMetrics.likelyMeant(metric, known).map(m -> " (did you mean '" + m + "'?)").orElse("");
        String where = rule.startsWith("slices/") ? " per slice" : "";
        problems.add(ctx.problemAt("/" + rule + "/" + metric, rule.replace('/', '.') + ": '" + metric
                + "' is not a metric evaluation writes" + where + forTask + hint + "; known: " + String.join(", ", known)));
        return true;
    }
}
