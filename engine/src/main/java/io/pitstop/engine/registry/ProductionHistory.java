package io.pitstop.engine.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which version was in production when, replayed from the audit log (the record of every stage
 * transition), so the answer never depends on the current state of the versions table.
 */
public final class ProductionHistory {

    /** One stretch of production: {@code until} is null while it lasts. */
    public record Period(String version, Instant from, Instant until, String promotedBy, String reason) {
    }

    private ProductionHistory() {
    }

    /** The periods of production, oldest first, from one model's audit log (oldest first). */
    public static List<Period> periods(List<AuditEntry> audit) {
        List<Period> out = new ArrayList<>();
        Period open = null;
        for (AuditEntry e : audit) {
            if (e.from() == e.to()) continue; // an approval, not a move
            if (open != null && e.from() == Stage.PRODUCTION && e.version().equals(open.version())) {
                out.add(new Period(open.version(), open.from(), e.at(), open.promotedBy(), open.reason()));
                open = null;
            }
            if (e.to() == Stage.PRODUCTION) {
                if (open != null) out.add(new Period(open.version(), open.from(), e.at(), open.promotedBy(), open.reason()));
                open = new Period(e.version(), e.at(), null, e.actor(), e.reason());
            }
        }
        if (open != null) out.add(open);
        return List.copyOf(out);
    }

    /** The version in production at {@code at} (a period includes its start and excludes its end). */
    public static Optional<Period> at(List<AuditEntry> audit, Instant at) {
        return periods(audit).stream()
                .filter(p -> !p.from().isAfter(at) && (p.until() == null || p.until().isAfter(at)))
                .reduce((a, b) -> b);
    }

    /**
     * The version that was in production just before the current one took over, i.e. what a
     * rollback restores; empty when the current version is the first ever in production.
     */
    public static Optional<Period> beforeCurrent(List<AuditEntry> audit) {
        List<Period> p = periods(audit);
        if (p.isEmpty() || p.get(p.size() - 1).until() != null) return Optional.empty();
        String current = p.get(p.size() - 1).version();
        for (int i = p.size() - 2; i >= 0; i--) {
            if (!p.get(i).version().equals(current)) return Optional.of(p.get(i));
        }
        return Optional.empty();
    }
}
