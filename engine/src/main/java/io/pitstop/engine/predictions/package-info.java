/**
 * Prediction tables as analysts see them: their versions, which run and model wrote each, and
 * restoring an earlier one.
 *
 * <pre>
 * ./pitstop predictions history .pitstop/tables/churn_predictions
 * ./pitstop predictions rollback .pitstop/tables/churn_predictions --to run-20261122-0300
 * </pre>
 */
package io.pitstop.engine.predictions;
