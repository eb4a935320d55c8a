/**
 * Artifacts that several step kinds share and only steps read, each with its one owner type: the
 * gate's verdict ({@link io.pitstop.steps.artifact.GateReport}, read by promotion and the model card).
 * Step kinds share through these and the other shared packages (model, metrics, dataset), never
 * through each other's packages. Artifacts the engine's CLI reads too live in {@code io.pitstop.engine.artifact}.
 */
package io.pitstop.steps.artifact;
