package io.pitstop.engine.registry;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.store.SqlRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roles and approvals from the profile's governance section, with approvals stored in the registry. */
class PromotionPolicyTest {

    @TempDir
    Path dir;

    private static PromotionPolicy policy() {
        // As ProfileLoader flattens a YAML list.
        return PromotionPolicy.of(new Profile("t", Path.of("."), Map.of("governance.promoters", "[\"ci\",\"alice\"]",
                "governance.approvers", "[\"bob\",\"alice\"]", "governance.approval_required", "[\"churn\"]")));
    }

    @Test
    void withoutAGovernanceSectionAnyoneMayPromote() {
        assertEquals(List.of(), PromotionPolicy.of(new Profile("t", dir, Map.of())).denials("churn", "1.0.0", "anyone", List.of()));
    }

    @Test
    void onlyConfiguredPromotersMayPromote() {
        List<String> d = policy().denials("fraud", "1.0.0", "mallory", List.of());
        assertEquals(1, d.size());
        assertTrue(d.get(0).contains("'mallory' may not promote"), d.toString());
        assertEquals(List.of(), policy().denials("fraud", "1.0.0", "ci", List.of()), "fraud needs no approval");
    }

    @Test
    void aHighRiskModelNeedsAnApprovalByASecondPermittedIdentity() {
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve("p.db"))) {
            SqlRegistry r = new SqlRegistry(store);
            r.register("churn", "1.0.0", "r1", "/pk/1", "h", "ci");
            assertTrue(policy().denials("churn", "1.0.0", "alice", r.approvals("churn", "1.0.0")).get(0)
                    .contains("needs an approval by a second identity"));
            r.approve("churn", "1.0.0", null, "alice");
            assertFalse(policy().denials("churn", "1.0.0", "alice", r.approvals("churn", "1.0.0")).isEmpty(),
                    "approving your own promotion does not count");
            r.approve("churn", "1.0.0", null, "mallory");
            assertFalse(policy().mayApprove("mallory"));
            assertFalse(policy().denials("churn", "1.0.0", "alice", List.of("mallory")).isEmpty(), "not a permitted approver");
            r.approve("churn", "1.0.0", null, "bob");
            r.approve("churn", "1.0.0", null, "bob");
            assertEquals(List.of("alice", "bob", "mallory"), r.approvals("churn", "1.0.0"));
            assertEquals(List.of(), policy().denials("churn", "1.0.0", "alice", r.approvals("churn", "1.0.0")));
            // Approvals are audited once each, chain intact, and do not count as production periods.
            assertEquals(4, r.audit("churn").size());
            assertEquals(List.of(), AuditChain.problems(r.auditChain()));
            r.transition("churn", "1.0.0", Stage.PRODUCTION, "alice", null, "r1", null);
            r.approve("churn", "1.0.0", "1.0.0", "carol");
            assertEquals(1, ProductionHistory.periods(r.audit("churn")).size());
            assertEquals(null, ProductionHistory.periods(r.audit("churn")).get(0).until());
        }
    }
}
