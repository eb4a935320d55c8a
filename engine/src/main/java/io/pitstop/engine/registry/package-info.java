/**
 * The model registry: versions of each model, their stage (STAGING, PRODUCTION, ARCHIVED), and an
 * append-only audit log of every registration and transition, in the run store's database.
 *
 * <pre>
 * Registry registry = new SqlRegistry(store);
 * registry.register("churn", "1.4.0", runId, pkg.dir().toString(), pkg.manifestSha256(), "ci");
 * registry.transition("churn", "1.4.0", Stage.PRODUCTION, "ci", "gate passed", runId, "gate-report.json");
 * // rollback: re-promote the most recently archived version
 * registry.inStage("churn", Stage.ARCHIVED).ifPresent(v -&gt; registry.transition(
 *         "churn", v.version(), Stage.PRODUCTION, "alice", "rollback: bad predictions", null, null));
 * </pre>
 */
package io.pitstop.engine.registry;
