/**
 * The contract between the engine and a step kind: {@link io.pitstop.engine.step.Step} with its params
 * record, found by {@link java.util.ServiceLoader}; the {@link io.pitstop.engine.step.StepContext} that
 * is a step's one door to inputs, outputs and shared resources; and {@link io.pitstop.engine.step.StepResult},
 * an outcome as a value. Step kinds (module {@code steps}) depend on this package, never the reverse.
 *
 * <pre>
 * - id: train
 *   uses: train.network      # Step.kind()
 *   needs: [validate]
 *   with: { label: churn }   # bound to the step's params record
 * </pre>
 */
package io.pitstop.engine.step;
