package io.pitstop.engine.registry;

import io.pitstop.engine.pkg.PackageStore;

import java.util.List;

/**
 * Carries out a {@link RetentionPolicy.RetentionPlan}: archives through the registry (audited like
 * every transition), then, per package to delete, audits the deletion first and removes the files
 * second — a process killed in between leaves files the audit calls deleted, which the next pass
 * removes without auditing twice; never an unaudited deletion. Files go through the
 * {@link PackageStore}, so a package on HDFS or S3A is deleted there.
 */
public final class Retention {

    private Retention() {
    }

    /**
     * @param expectedProduction the production version the plan was made against (null: none); every
     *                           step is a compare-and-set on it, so a plan made stale by a promotion or a
     *                           rollback in between stops with {@link ProductionChangedException}
     */
    public static void apply(Registry registry, RetentionPolicy.RetentionPlan plan, String actor, int keepVersions,
                             PackageStore packages, String expectedProduction) {
        for (ModelVersion v : plan.archive()) {
            registry.transitionExpecting(v.model(), v.version(), Stage.ARCHIVED, expectedProduction, actor,
                    "retention: older than the newest " + keepVersions + " versions", null, null);
        }
        for (ModelVersion v : plan.deletePackages()) {
            List<AuditEntry> audit = registry.audit(v.model());
            // Any entry, not only the last: an erasure audited against the version may have come after it.
            boolean recorded = audit.stream().filter(e -> e.version().equals(v.version()))
                    .anyMatch(e -> RetentionPolicy.PACKAGE_DELETED.equals(e.reason()));
            if (!recorded) registry.recordPackageDeleted(v.model(), v.version(), expectedProduction, actor);
            packages.delete(v.packagePath());
        }
    }
}
