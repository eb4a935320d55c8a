/**
 * Running a checked pipeline: the {@link io.pitstop.engine.run.Runner} executes steps in plan order,
 * reuses a step's earlier result when its {@link io.pitstop.engine.run.Fingerprint} matches, records
 * every step in the run store, and maps outcomes to exit codes ({@link io.pitstop.engine.run.RunOutcome}).
 * Shared resources such as the SparkSession are opened once per run by the
 * {@link io.pitstop.engine.run.ResourcePool}.
 */
package io.pitstop.engine.run;
