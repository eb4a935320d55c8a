/**
 * OpenLineage run events of each step ({@link io.pitstop.engine.lineage.openlineage.OpenLineageEvents}),
 * a {@link io.pitstop.engine.run.StepObserver} of the runner, switched on by the profile:
 *
 * <pre>
 * lineage:
 *   transport: http
 *   url: http://127.0.0.1:5000     # any OpenLineage backend
 * </pre>
 *
 * Datasets are named from the run store's outputs and the engine's typed artifacts
 * ({@link io.pitstop.engine.artifact}), never from a step kind's types. docs/lineage.md has the events.
 */
package io.pitstop.engine.lineage.openlineage;
