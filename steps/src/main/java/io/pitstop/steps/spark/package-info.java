/**
 * What every Spark-using step kind shares: the one SparkSession of a run (a
 * {@link io.pitstop.engine.step.SharedResource}), executor defaults, and column names quoted the one
 * safe way ({@link io.pitstop.steps.spark.ColumnNames}).
 */
package io.pitstop.steps.spark;
