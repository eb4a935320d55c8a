package io.pitstop.engine.registry;

import java.util.Objects;

/**
 * A copy of one chain link kept where the database writer cannot silently rewrite it (the heads
 * file under the state directory, a signed package manifest, an annotated release tag): the log must
 * still hold entry {@code sequence} with exactly this hash. Because each hash covers every entry
 * before it, one anchor vouches for the whole log up to its entry.
 *
 * @param source where the anchor was read, as a person would look it up (a file and line, a package, a tag)
 */
public record AuditAnchor(String source, long sequence, String entryHash) {

    public AuditAnchor {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(entryHash, "entryHash");
        if (sequence < 1) throw new IllegalArgumentException("an anchored sequence starts at 1, was " + sequence);
    }
}
