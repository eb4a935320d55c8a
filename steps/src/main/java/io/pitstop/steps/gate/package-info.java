/**
 * {@code release.gate}: whether a trained model may ship. It applies the declared rules (metric floors,
 * regressions against the production model, per-slice limits, fairness limits on protected groups
 * ({@link io.pitstop.steps.gate.FairnessRules}), size and latency budgets) to evidence
 * from the same held-out split, and says which rule decided, as a report and a STOPPED outcome.
 *
 * <pre>
 * - id: gate
 *   uses: release.gate
 *   needs: [evaluate, validate]
 *   with: { floors: { auc: 0.75 }, max_regression: { auc: 0.02 } }
 * </pre>
 */
package io.pitstop.steps.gate;
