/**
 * {@code ./pitstop init}: a first data contract and pipeline for a data file nobody has described
 * yet. What the data holds is measured by a {@link io.pitstop.engine.init.DataInspector} (Spark and
 * Deequ, so it lives in the steps module and is found as a shared resource); what to make of it —
 * key, task, features, checks — is decided here by {@link io.pitstop.engine.init.DatasetDesign},
 * without Spark, so every rule is testable on a hand-made {@link io.pitstop.engine.init.DataSketch}.
 */
package io.pitstop.engine.init;
