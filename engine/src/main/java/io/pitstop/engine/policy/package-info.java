/**
 * Retraining decided by evidence: a pipeline's {@code retrain_when:} ({@link io.pitstop.engine.spec.RetrainPolicy})
 * judged against what is already recorded. {@link io.pitstop.engine.policy.EvidenceReader} gathers the
 * evidence (the newest scoring run's drift, the realised performance of the production version against its
 * test AUC, the rows of the data step's source against the rows it was trained on, its age) without running a
 * step; {@link io.pitstop.engine.policy.RetrainDecision} judges it, one condition at a time, each with its
 * value and limit, or why nothing was measured.
 *
 * <pre>
 * retrain_when:
 *   input_psi_above: 0.2
 *   realised_auc_below_offline_by: 0.05
 *   rows_changed_above: 500
 *   model_older_than_days: 30
 * </pre>
 *
 * {@code ./pitstop should-retrain pipelines/telco-churn.yaml} exits 0 to retrain, 5 to skip, and records the
 * decision in the run store; the exported DAG runs it as its first task.
 */
package io.pitstop.engine.policy;
