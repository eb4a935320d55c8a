/**
 * {@code evaluate.classifier}: metrics of the model on the held-out test split, written to
 * {@code metrics.json}. {@link io.pitstop.steps.evaluate.Metrics} holds the arithmetic (exact AUC with
 * tie handling, clipped log-loss, threshold metrics, calibration) for the gate to reuse.
 *
 * <pre>
 * - id: evaluate
 *   uses: evaluate.classifier
 *   needs: [train]              # reads "model" and "test_split"
 *   with: { slices: [contract] }  # measured at model.decision_threshold
 * </pre>
 */
package io.pitstop.steps.evaluate;
