package io.pitstop.engine.registry;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a {@code model/<name>/v<semver>} Git tag is one Pitstop's release made, and so may anchor the
 * audit log. Anyone can make a tag (by hand, or a release in another clone with its own registry), and
 * its {@code audit-head:} line then names another chain: trusting it would raise a false tamper alarm.
 * A tag anchors only when all hold:
 * <ol>
 *   <li>its model and version are registered here;</li>
 *   <li>it is annotated and its message has the {@code audit-head:} line;</li>
 *   <li>it points at the commit the registered package was built from (its {@code git.commit} lineage);</li>
 *   <li>its message names the run that released it (Pitstop writes {@code released by run <id>}; a message
 *   without that line does not anchor) and that is the run that registered it.</li>
 * </ol>
 * A tag that anchors and disagrees with the chain is tampering; one that does not anchor is only listed.
 */
public final class ReleaseTagAnchor {

    private static final Pattern RELEASED_BY = Pattern.compile("released by run (\\S+)");

    /** Either the anchor the tag carries, or why it is not one. */
    public record Judgement(String tag, Optional<AuditAnchor> anchor, String notAnAnchor) {
        public Judgement {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(anchor, "anchor");
        }
    }

    private ReleaseTagAnchor() {
    }

    /**
     * @param model            the model the tag's name stands for (null when it is not a release tag's name)
     * @param tagCommit        the commit the tag points at
     * @param message          the annotated tag's message; null for a lightweight tag
     * @param registered       the registry's version of that name, if any
     * @param registeredCommit the commit that version was built from, if known (its package's lineage, or its run's record)
     */
    public static Judgement judge(String tag, String model, String version, String tagCommit, String message,
                                  Optional<ModelVersion> registered, Optional<String> registeredCommit) {
        if (model == null || version == null) return no(tag, "its name is not model/<name>/v<semver>");
        if (registered.isEmpty()) return no(tag, model + " " + version + " is not registered");
        if (message == null) return no(tag, "it is a lightweight tag (Pitstop's release tags are annotated)");
        var anchor = AuditAnchors.fromTagMessage("tag " + tag, message);
        if (anchor.isEmpty()) return no(tag, "its message has no '" + AuditAnchors.TAG_PREFIX.trim() + "' line");
        if (registeredCommit.isEmpty()) {
            return no(tag, "the commit " + model + " " + version + " was built from is not known (its package is not readable "
                    + "and its run records none)");
        }
        if (!registeredCommit.get().equals(tagCommit)) {
            return no(tag, "it points at commit " + AuditChain.abbreviate(tagCommit) + ", but " + model + " " + version
                    + " was built from " + AuditChain.abbreviate(registeredCommit.get()));
        }
        // Required, not only compared when present: a tag without the line cannot show it came from this release.
        var by = RELEASED_BY.matcher(message);
        String runId = registered.get().runId();
        if (!by.find()) return no(tag, "its message has no 'released by run <id>' line");
        if (runId == null) {
            return no(tag, "it was released by run " + by.group(1) + ", but the registry's " + model + " " + version
                    + " records no run");
        }
        if (!by.group(1).equals(runId)) {
            return no(tag, "it was released by run " + by.group(1) + ", but the registry's " + model + " " + version
                    + " was registered by run " + runId);
        }
        return new Judgement(tag, anchor, null);
    }

    private static Judgement no(String tag, String why) {
        return new Judgement(tag, Optional.empty(), why);
    }
}
