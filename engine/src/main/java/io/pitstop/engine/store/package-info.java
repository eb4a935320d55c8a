/**
 * The run store: every run, every step execution, its params, fingerprints, outputs, metrics and
 * per-epoch curves, in one SQL database that the registry shares. The profile names it:
 *
 * <pre>
 * store:
 *   url: jdbc:sqlite:.pitstop/pitstop.db          # embedded default, relative to the project
 * </pre>
 *
 * or, once a team outgrows one machine ({@code conf/postgres.yaml}; {@link io.pitstop.engine.store.StoreLocation}):
 *
 * <pre>
 * store:
 *   url: jdbc:postgresql://db:5432/pitstop
 *   user: ${PITSTOP_DB_USER}              # resolved from the environment when the store opens
 *   password: ${PITSTOP_DB_PASSWORD}
 * </pre>
 *
 * The schema is migrated by Flyway on open ({@code db/migration} for every database,
 * {@code db/vendor/<dialect>} for what only one dialect can express, such as SQLite triggers).
 * Metrics and curves are rows, not JSON, so runs can be compared with plain SQL:
 * {@code SELECT run_id, value FROM step_metrics WHERE name = 'auc'}.
 */
package io.pitstop.engine.store;
