/**
 * The declared pipeline: {@link io.pitstop.engine.spec.PipelineLoader} reads a pipeline file against a
 * {@link io.pitstop.engine.spec.StepCatalog} and either returns a
 * {@link io.pitstop.engine.spec.CheckedPipeline} (spec, plan, every step bound to its params record)
 * or throws one {@link io.pitstop.engine.spec.SpecException} carrying every problem found.
 *
 * <pre>
 * pipelines/telco-churn.yaml:27:17: step 'train': parameter 'network.epochs' must be an integer, found string "20"
 * pipelines/telco-churn.yaml:44:5: step 'evaluate' reads output 'model' but no upstream step produces it (add a step that produces it to needs)
 * </pre>
 */
package io.pitstop.engine.spec;
