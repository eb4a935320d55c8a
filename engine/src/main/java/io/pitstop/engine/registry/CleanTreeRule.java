package io.pitstop.engine.registry;

import io.pitstop.engine.conf.Profile;

import java.util.List;
import java.util.Map;

/**
 * Whether only what a Git commit holds may go to production, from the profile's
 * {@code governance.require_clean_tree} (default false: the embedded profile releases from any tree,
 * and records the dirt in the lineage). With it on, a package whose lineage says it was built from a
 * working copy with uncommitted or untracked changes, or outside any commit, is refused before it is
 * registered or tagged: its {@code git.commit} could not rebuild it, so {@code reproduce} would fail.
 *
 * <pre>
 * governance:
 *   require_clean_tree: true
 * </pre>
 *
 * @param profile the profile's name, for the message
 */
public record CleanTreeRule(boolean required, String profile) {

    public static final String KEY = "governance.require_clean_tree";

    /** @throws IllegalArgumentException when the setting is neither true nor false */
    public static CleanTreeRule of(Profile profile) {
        String raw = profile.get(KEY, "false").trim();
        if (!raw.equals("true") && !raw.equals("false")) {
            throw new IllegalArgumentException("conf/" + profile.name() + ".yaml: " + KEY + " must be true or false, not '"
                    + raw + "'");
        }
        return new CleanTreeRule(raw.equals("true"), profile.name());
    }

    /**
     * Why a package with this manifest lineage ({@code git.commit}, {@code git.dirty}, {@code git.changes})
     * may not be released under the rule; empty when it may, or when the rule is off.
     */
    public List<String> denials(Map<String, String> lineage) {
        if (!required) return List.of();
        String commit = lineage.get("git.commit");
        String fix = "; " + KEY + " (conf/" + profile + ".yaml) releases only what a commit holds";
        if (commit == null || commit.equals("none")) {
            return List.of("it was built outside any Git commit" + fix + ": commit the project and run again");
        }
        if (Boolean.parseBoolean(lineage.get("git.dirty"))) {
            String changes = lineage.get("git.changes");
            return List.of("it was built from a working copy that commit " + commit.substring(0, Math.min(10, commit.length()))
                    + " does not hold (" + (changes == null || changes.isBlank() ? "uncommitted changes" : changes) + ")"
                    + fix + ": commit those files (or remove them) and run again");
        }
        return List.of();
    }

    /**
     * What a package's cache key must include under the rule: a package refused for being built from a
     * dirty tree is built again once the tree is clean, instead of coming back from the cache with the
     * same lineage. Clean trees all give one value, so a new commit alone does not re-package a model.
     */
    public String codeState(String commit, boolean dirty, List<String> changes) {
        if (!required || !dirty) return "clean";
        return commit + " +" + String.join("; ", changes);
    }
}
