/**
 * A trained model as every consumer sees it: {@link io.pitstop.steps.model.TrainedModel#load} a
 * model directory, then {@code score(spark, rows, key)} on Spark (key, score = probability of the
 * positive class, or of the predicted class, or the predicted value: see {@link io.pitstop.steps.model.ModelTask}) or {@code predict(encoded, rows)} on the driver. Evaluation, the quality gate and
 * batch scoring all go through it, so champion and challenger are scored by the same code.
 */
package io.pitstop.steps.model;
