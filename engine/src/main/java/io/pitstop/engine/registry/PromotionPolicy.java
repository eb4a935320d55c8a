package io.pitstop.engine.registry;

import io.pitstop.engine.conf.Profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may put a version into production, from the profile's {@code governance} section. Without
 * one, anyone may (the embedded default for a single user). Models listed under
 * {@code approval_required} (a high risk tier) also need an approval by a permitted approver other
 * than the one promoting.
 *
 * <pre>
 * governance:
 *   promoters: [ci, alice]          # identities allowed to promote to production or roll back
 *   approvers: [bob, carol]         # identities whose approval counts
 *   approval_required: [churn]      # models that need one before production
 * </pre>
 */
public record PromotionPolicy(Set<String> promoters, Set<String> approvers, Set<String> approvalRequired) {

    public PromotionPolicy {
        promoters = Set.copyOf(promoters);
        approvers = Set.copyOf(approvers);
        approvalRequired = Set.copyOf(approvalRequired);
    }

    public static PromotionPolicy of(Profile profile) {
        return new PromotionPolicy(list(profile, "governance.promoters"), list(profile, "governance.approvers"),
                list(profile, "governance.approval_required"));
    }

    /** Empty when {@code actor} may promote {@code model} now, given who approved; otherwise every reason why not. */
    public List<String> denials(String model, String version, String actor, Collection<String> approvedBy) {
        List<String> out = new ArrayList<>();
        if (!promoters.isEmpty() && !promoters.contains(actor)) {
            out.add("'" + actor + "' may not promote to production (governance.promoters: " + new TreeSet<>(promoters) + ")");
        }
        if (approvalRequired.contains(model)) {
            boolean approved = approvedBy.stream().anyMatch(a -> !a.equals(actor) && (approvers.isEmpty() || approvers.contains(a)));
            if (!approved) {
                out.add(model + " " + version + " needs an approval by a second identity"
                        + (approvers.isEmpty() ? "" : " from " + new TreeSet<>(approvers)) + " before production (approved by: "
                        + (approvedBy.isEmpty() ? "nobody" : new TreeSet<>(approvedBy)) + "); run ./pitstop models approve "
                        + model + " " + version + " --actor <approver>");
            }
        }
        return out;
    }

    public boolean mayApprove(String approver) {
        return approvers.isEmpty() || approvers.contains(approver);
    }

    /** A YAML list arrives flattened as JSON text ({@code ["a","b"]}); a single name is a list of one. */
    private static Set<String> list(Profile profile, String key) {
        String raw = profile.get(key, "").trim();
        if (raw.isEmpty()) return Set.of();
        if (raw.startsWith("[")) raw = raw.substring(1, raw.length() - 1);
        Set<String> out = new TreeSet<>();
        Arrays.stream(raw.split(",")).map(s -> s.trim().replaceAll("^\"|\"$", "")).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}
