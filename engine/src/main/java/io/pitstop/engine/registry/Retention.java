package io.pitstop.engine.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Carries out a {@link RetentionPolicy.RetentionPlan}: archives through the registry (audited like
 * every transition), then, per package to delete, audits the deletion first and removes the files
 * second — a process killed in between leaves files the audit calls deleted, which the next pass
 * removes without auditing twice; never an unaudited deletion.
 */
public final class Retention {

    private Retention() {
    }

    /** Whether a version's package directory (or its single-file archive) is still on disk. */
    public static boolean packageExists(ModelVersion v) {
        Path dir = Path.of(v.packagePath());
        return Files.exists(dir, LinkOption.NOFOLLOW_LINKS) || Files.exists(archiveOf(dir), LinkOption.NOFOLLOW_LINKS);
    }

    public static void apply(Registry registry, RetentionPolicy.RetentionPlan plan, String actor, int keepVersions) {
        for (ModelVersion v : plan.archive()) {
            registry.transition(v.model(), v.version(), Stage.ARCHIVED, actor,
                    "retention: older than the newest " + keepVersions + " versions", null, null);
        }
        for (ModelVersion v : plan.deletePackages()) {
            List<AuditEntry> audit = registry.audit(v.model());
            boolean recorded = audit.stream().filter(e -> e.version().equals(v.version())).reduce((a, b) -> b)
                    .map(e -> RetentionPolicy.PACKAGE_DELETED.equals(e.reason())).orElse(false);
            if (!recorded) registry.recordPackageDeleted(v.model(), v.version(), actor);
            Path dir = Path.of(v.packagePath());
            deleteTree(dir);
            deleteTree(archiveOf(dir));
        }
    }

    static Path archiveOf(Path packageDir) {
        return packageDir.resolveSibling(packageDir.getFileName() + ".zip");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
