/**
 * Prediction tables as analysts see them: their versions, which run and model wrote each, and
 * restoring an earlier one, and erasing subjects from every version on disk ({@link PredictionErasure}).
 *
 * <pre>
 * ./pitstop predictions history .pitstop/tables/churn_predictions
 * ./pitstop predictions rollback .pitstop/tables/churn_predictions --to run-20261122-0300
 * ./pitstop predictions erase .pitstop/tables/churn_predictions --keys-file subjects.txt
 * </pre>
 */
package io.pitstop.engine.predictions;
