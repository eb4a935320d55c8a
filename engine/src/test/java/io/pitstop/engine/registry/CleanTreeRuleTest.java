package io.pitstop.engine.registry;

import io.pitstop.engine.conf.Profile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** governance.require_clean_tree: what it refuses, in words that name the files and the setting. */
class CleanTreeRuleTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private static CleanTreeRule rule(String value) {
        return CleanTreeRule.of(new Profile("cluster", Path.of("."), value == null ? Map.of()
                : Map.of(CleanTreeRule.KEY, value)));
    }

    @Test
    void offByDefaultSoADirtyBuildIsReleasedWithItsDirtRecorded() {
        assertEquals(List.of(), rule(null).denials(Map.of("git.commit", COMMIT, "git.dirty", "true")));
        assertEquals(List.of(), rule("false").denials(Map.of("git.commit", "none", "git.dirty", "false")));
    }

    @Test
    void onItRefusesADirtyBuildNamingWhatTheCommitLacks() {
        List<String> denials = rule("true").denials(Map.of("git.commit", COMMIT, "git.dirty", "true",
                "git.changes", "modified pipelines/p.yaml; untracked data-contracts/c.yaml"));
        assertEquals(List.of("it was built from a working copy that commit 0123456789 does not hold (modified"
                + " pipelines/p.yaml; untracked data-contracts/c.yaml); governance.require_clean_tree (conf/cluster.yaml)"
                + " releases only what a commit holds: commit those files (or remove them) and run again"), denials);
        // A package from before the changes were itemised still says it was dirty.
        assertEquals(1, rule("true").denials(Map.of("git.commit", COMMIT, "git.dirty", "true")).size());
    }

    @Test
    void onItRefusesABuildOutsideAnyCommitAndPassesACleanOne() {
        assertEquals(List.of("it was built outside any Git commit; governance.require_clean_tree (conf/cluster.yaml)"
                + " releases only what a commit holds: commit the project and run again"),
                rule("true").denials(Map.of("git.commit", "none", "git.dirty", "false")));
        assertEquals(List.of(), rule("true").denials(Map.of("git.commit", COMMIT, "git.dirty", "false")));
    }

    @Test
    void theCodeStateKeysAPackageOnlyWhenTheRuleIsOnAndTheTreeDirty() {
        assertEquals("clean", rule("false").codeState(COMMIT, true, List.of("modified a")));
        assertEquals("clean", rule("true").codeState(COMMIT, false, List.of()));
        assertNotEquals(rule("true").codeState(COMMIT, true, List.of("modified a")),
                rule("true").codeState(COMMIT, true, List.of("modified b")));
    }

    @Test
    void aValueOtherThanTrueOrFalseIsRefusedByKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> rule("yes please"));
        assertEquals("conf/cluster.yaml: governance.require_clean_tree must be true or false, not 'yes please'",
                e.getMessage());
    }
}
