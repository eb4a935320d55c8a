package io.pitstop.engine.registry;

import java.util.List;
import java.util.Optional;

/**
 * The model registry: versions, stages, and the audit log of every transition. Transitions are
 * atomic: promoting a version to production archives the previous production version in the same
 * transaction, and both appear in the audit log.
 */
public interface Registry {

    Optional<ModelVersion> find(String model, String version);

    /** The version currently in the given stage (for PRODUCTION at most one). */
    Optional<ModelVersion> inStage(String model, Stage stage);

    /** Every version of a model, newest first. */
    List<ModelVersion> versions(String model);

    /**
     * Records a new version in STAGING. Registering the same model and version twice with the same
     * manifest hash returns the existing entry (idempotent retries); with a different hash it fails.
     */
    ModelVersion register(String model, String version, String runId, String packagePath, String manifestSha256,
                          String actor);

    /** As above, also recording the model's identity so later runs need not open old packages to learn it. */
    ModelVersion register(String model, String version, String runId, String packagePath, String manifestSha256,
                          String modelIdentity, String actor);

    /**
     * Moves a version to a stage, auditing who, why, in which run and on what evidence (e.g. the gate
     * report's path). Promotion to PRODUCTION archives the previous production version atomically.
     */
    ModelVersion transition(String model, String version, Stage to, String actor, String reason, String runId,
                            String evidence);

    /**
     * Promotes to PRODUCTION only if the production version is still {@code expectedChampion} (null:
     * none), checked in the same transaction; otherwise {@link ChampionChangedException}. A promotion
     * resting on a gate report must not replace a champion the gate never saw.
     */
    ModelVersion promoteOver(String model, String version, String expectedChampion, String actor, String reason,
                             String runId, String evidence);

    /**
     * {@link #transition} as a compare-and-set: only if the production version is still
     * {@code expectedProduction} (null: none), checked in the same transaction; otherwise
     * {@link ProductionChangedException}, naming who changed it.
     */
    ModelVersion transitionExpecting(String model, String version, Stage to, String expectedProduction, String actor,
                                     String reason, String runId, String evidence);

    /**
     * Puts back the version that was in production before the current one took over (from the audit
     * log), archiving the current one, in one audited transaction; only if the version in production
     * is still {@code expectedProduction} (the one the caller decided to roll back), otherwise
     * {@link ProductionChangedException}: two rollbacks at once, one wins and the other is told who.
     */
    ModelVersion rollback(String model, String expectedProduction, String actor, String reason);

    /**
     * Records an approval of a version for production by {@code approver} (audited; idempotent), if
     * production is still {@code expectedProduction}, else {@link ProductionChangedException}.
     */
    void approve(String model, String version, String expectedProduction, String approver);

    /**
     * Audits that retention deleted an archived version's package files (the row and its history
     * stay). Refused for a version that is not archived, and ({@link ProductionChangedException}) when
     * production is no longer {@code expectedProduction}, the one the retention plan was made against.
     */
    void recordPackageDeleted(String model, String version, String expectedProduction, String actor);

    /**
     * Audits an erasure of subjects from a prediction table the version wrote: an entry that leaves its
     * stage as it is, with {@code reason} saying what was erased (counts, never key values) and
     * {@code evidence} naming the table.
     *
     * @throws UnknownVersionException for a version the registry does not have
     */
    void recordErasure(String model, String version, String actor, String reason, String evidence);

    /** Who approved a version, sorted. */
    List<String> approvals(String model, String version);

    /** The audit log of a model, oldest first. */
    List<AuditEntry> audit(String model);

    /** The newest entry of the whole audit log; empty while it is empty. What a release anchors. */
    Optional<AuditChain.Head> auditHead();

    /** Every registered version of every model, for replaying the audit log against the stages. */
    List<ModelVersion> allVersions();

    /** The whole audit log (every model) with its stored hashes, for {@link AuditChain#problems}. */
    List<AuditChain.Link> auditChain();
}
