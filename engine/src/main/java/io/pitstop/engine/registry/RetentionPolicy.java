package io.pitstop.engine.registry;

import io.pitstop.engine.conf.Profile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How long a model's old versions are kept, from the profile's {@code governance.retention}:
 * versions older than the newest {@code keep_versions} leave staging (archived), and the package
 * files of an archived version are deleted once it has been archived for {@code window_days} —
 * but never those of a version that is in production or was at any moment within the window, so a
 * rollback to anything recent always finds its package. Registry rows and the audit log are never
 * deleted: history answers for deleted packages too.
 *
 * <pre>
 * governance:
 *   retention:
 *     keep_versions: 5
 *     window_days: 90
 * </pre>
 */
public record RetentionPolicy(int keepVersions, Duration window) {

    public static final String KEEP_VERSIONS = "governance.retention.keep_versions";
    public static final String WINDOW_DAYS = "governance.retention.window_days";
    /** The audit reason of a package deletion; a second pass recognises its own earlier deletions by it. */
    public static final String PACKAGE_DELETED = "retention: package files deleted";

    public RetentionPolicy {
        if (keepVersions < 1) throw new IllegalArgumentException(KEEP_VERSIONS + " must be >= 1, was " + keepVersions);
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(WINDOW_DAYS + " must be >= 1, was " + window.toDays());
        }
    }

    /** The profile's rule, or empty when it declares none (then nothing is ever archived or deleted by age). */
    public static Optional<RetentionPolicy> of(Profile profile) {
        Optional<String> keep = profile.find(KEEP_VERSIONS);
        Optional<String> days = profile.find(WINDOW_DAYS);
        if (keep.isEmpty() && days.isEmpty()) return Optional.empty();
        if (keep.isEmpty() || days.isEmpty()) {
            throw new IllegalArgumentException("governance.retention needs both keep_versions and window_days (profile "
                    + profile.name() + ")");
        }
        return Optional.of(new RetentionPolicy(integer(KEEP_VERSIONS, keep.get()),
                Duration.ofDays(integer(WINDOW_DAYS, days.get()))));
    }

    /** What retention does to one model now; pure, so a dry run shows exactly what an applied run would do. */
    public RetentionPlan plan(List<ModelVersion> versions, List<AuditEntry> audit, Instant now, PackageFiles files) {
        Instant windowStart = now.minus(window);
        List<ProductionHistory.Period> periods = ProductionHistory.periods(audit);
        List<ModelVersion> newestFirst = versions.stream()
                .sorted(Comparator.comparing(ModelVersion::createdAt).reversed()).toList();
        List<ModelVersion> archive = new ArrayList<>();
        List<ModelVersion> delete = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            ModelVersion v = newestFirst.get(i);
            if (i < keepVersions) {
                kept.add(v.version() + ": one of the newest " + keepVersions);
                continue;
            }
            if (v.stage() == Stage.PRODUCTION) {
                kept.add(v.version() + ": in production");
                continue;
            }
            if (v.stage() == Stage.STAGING) {
                archive.add(v); // archived now: its package is kept for a whole window from today
                continue;
            }
            Optional<Instant> lastInProduction = periods.stream().filter(p -> p.version().equals(v.version()))
                    .map(p -> p.until() == null ? now : p.until()).max(Comparator.naturalOrder());
            if (lastInProduction.isPresent() && lastInProduction.get().isAfter(windowStart)) {
                kept.add(v.version() + ": in production until " + lastInProduction.get() + ", within the "
                        + window.toDays() + "-day window");
                continue;
            }
            Instant archivedAt = audit.stream().filter(e -> e.version().equals(v.version()) && e.to() == Stage.ARCHIVED)
                    .map(AuditEntry::at).max(Comparator.naturalOrder()).orElse(v.createdAt());
            if (archivedAt.isAfter(windowStart)) {
                kept.add(v.version() + ": archived " + archivedAt + ", within the " + window.toDays() + "-day window");
                continue;
            }
            if (files.exist(v)) delete.add(v);
        }
        return new RetentionPlan(archive, delete, kept);
    }

    /** Whether a version's package files are still on disk (so a plan never deletes twice). */
    @FunctionalInterface
    public interface PackageFiles {
        boolean exist(ModelVersion version);
    }

    /** Versions to archive now, versions whose package files go, and why each other version stays. */
    public record RetentionPlan(List<ModelVersion> archive, List<ModelVersion> deletePackages, List<String> kept) {
        public RetentionPlan {
            archive = List.copyOf(archive);
            deletePackages = List.copyOf(deletePackages);
            kept = List.copyOf(kept);
        }
    }

    private static int integer(String key, String raw) {
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + raw + "'");
        }
    }
}
