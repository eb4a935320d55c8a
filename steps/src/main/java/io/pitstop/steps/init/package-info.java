/**
 * The Spark side of {@code ./pitstop init}: {@link io.pitstop.steps.init.SparkDataInspector} measures a
 * CSV file (types as the reader parses them, missing and distinct values, ranges, Deequ's constraint
 * suggestions) for the engine's {@link io.pitstop.engine.init.DatasetDesign}.
 */
package io.pitstop.steps.init;
