/**
 * The model registry: versions of each model, their stage (STAGING, PRODUCTION, ARCHIVED), and an
 * append-only, hash-chained audit log of every registration and transition, in the run store's
 * database. The chain's head is anchored outside the database ({@link io.pitstop.engine.registry.AuditHeadFile},
 * {@link io.pitstop.engine.registry.AuditAnchors}: package manifests, release tags), and
 * {@link io.pitstop.engine.registry.AuditVerification} checks the log against the anchors and the stages.
 * Every transition is a compare-and-set on the production version its caller saw
 * ({@link io.pitstop.engine.registry.ProductionChangedException}).
 *
 * <pre>
 * Registry registry = new SqlRegistry(store);
 * registry.register("churn", "1.4.0", runId, pkg.dir().toString(), pkg.manifestSha256(), "ci");
 * registry.promoteOver("churn", "1.4.0", "1.3.0", "ci", "gate passed", runId, "gate-report.json");
 * // rollback 1.4.0, if it is still the one in production (else ProductionChangedException names who moved it)
 * registry.rollback("churn", "1.4.0", "alice", "bad predictions");
 * </pre>
 */
package io.pitstop.engine.registry;
