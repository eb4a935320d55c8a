/**
 * How a model is measured on a test split, shared by the step kinds that measure (evaluation, the gate,
 * training's validation curves, reproduction): the arithmetic ({@link io.pitstop.steps.metrics.Metrics}: exact
 * AUC with tie handling, clipped log-loss, threshold metrics, calibration; {@link io.pitstop.steps.metrics.MulticlassMetrics},
 * {@link io.pitstop.steps.metrics.RegressionMetrics}), which metrics each task has and which way is better
 * ({@link io.pitstop.steps.metrics.TaskMetrics}, {@link io.pitstop.steps.metrics.MetricDirection}), and the
 * {@code metrics.json} report with its owner {@link io.pitstop.steps.metrics.MetricsReport}: evaluation writes it,
 * the gate judges the challenger by it and measures the champion with {@link io.pitstop.steps.metrics.TestSplitMeasurement#measure},
 * the package copies it and its model card shows it.
 */
package io.pitstop.steps.metrics;
