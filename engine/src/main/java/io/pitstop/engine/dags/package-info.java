/**
 * Export of a checked pipeline as an Airflow DAG spec ({@code dags/<name>.dag.json}), which the generic
 * {@code dags/pitstop_dags.py} turns into one task per step; scheduling stays in Airflow, caching and
 * gates in Pitstop.
 */
package io.pitstop.engine.dags;
