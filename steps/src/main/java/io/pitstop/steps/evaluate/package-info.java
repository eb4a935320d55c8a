/**
 * {@code evaluate.classifier}: metrics of the model on the held-out test split, written to
 * {@code metrics.json} ({@link io.pitstop.steps.metrics.MetricsReport}). The measuring itself lives in
 * the shared {@link io.pitstop.steps.metrics} package, so the gate measures the champion with the same code.
 *
 * <pre>
 * - id: evaluate
 *   uses: evaluate.classifier
 *   needs: [train]              # reads "model" and "test_split"
 *   with: { slices: [contract] }  # measured at model.decision_threshold
 * </pre>
 */
package io.pitstop.steps.evaluate;
