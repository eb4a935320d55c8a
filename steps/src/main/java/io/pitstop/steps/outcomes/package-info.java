/**
 * {@code outcomes.join}: closing the loop. Outcomes that arrive after the predictions (a customer did
 * churn, a month later) are held to an outcome contract, kept in a Delta table of their own, and joined to
 * the prediction each key had when its outcome became known: the realised performance of each model
 * version and scoring run, with intervals for small counts.
 *
 * <pre>
 * - id: outcomes
 *   uses: outcomes.join
 *   with:
 *     input: data/outcomes/latest.csv
 *     contract: data-contracts/churn-outcomes.yaml
 *     table: .pitstop/tables/churn_predictions
 *     key: customer_id
 *     outcome: churn
 *     positive: "Yes"
 * </pre>
 */
package io.pitstop.steps.outcomes;
