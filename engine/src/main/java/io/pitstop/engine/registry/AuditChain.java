package io.pitstop.engine.registry;

import io.pitstop.engine.pkg.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hash chain over the audit log. An entry's hash covers every field and the previous entry's
 * hash; each field is length-prefixed so that no two different entries render the same text.
 * The first entry links to {@link #GENESIS}.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    /** A link of the chain as stored: the entry, the hash it says precedes it, and its own stored hash. */
    public record Link(AuditEntry entry, String prevHash, String entryHash) {
    }

    /** The newest entry of the chain: its sequence number and hash, which cover every entry before it. */
    public record Head(long sequence, String entryHash) {
    }

    private AuditChain() {
    }

    public static String hash(AuditEntry e, String prevHash) {
        StringBuilder text = new StringBuilder("pitstop-audit-v1");
        for (Object field : new Object[]{e.sequence(), e.at().toEpochMilli(), e.model(), e.version(), e.from(), e.to(),
                e.actor(), e.reason(), e.runId(), e.evidence(), prevHash}) {
            String s = field == null ? "\u0000null" : field.toString();
            text.append('|').append(s.length()).append(':').append(s);
        }
        return Sha256.of(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Every break in the chain, in sequence order; empty when the log is intact. */
    public static List<String> problems(List<Link> links) {
        List<String> out = new ArrayList<>();
        String previous = GENESIS;
        long expectedSequence = 1;
        for (Link l : links) {
            long seq = l.entry().sequence();
            if (seq != expectedSequence) {
                out.add("entry " + seq + ": expected entry " + expectedSequence + " here: entries are missing or reordered");
            }
            if (!previous.equals(l.prevHash())) {
                out.add("entry " + seq + ": does not link to the entry before it (prev_hash " + abbreviate(l.prevHash())
                        + ", the previous entry's hash is " + abbreviate(previous) + "): an entry was removed or reordered");
            }
            String actual = hash(l.entry(), l.prevHash());
            if (!actual.equals(l.entryHash())) {
                out.add("entry " + seq + ": its content does not match its hash (stored " + abbreviate(l.entryHash())
                        + ", computed " + abbreviate(actual) + "): the entry was edited");
            }
            previous = l.entryHash() == null ? "" : l.entryHash();
            expectedSequence = seq + 1;
        }
        return out;
    }

    static String abbreviate(String hash) {
        return hash == null ? "none" : hash.substring(0, Math.min(12, hash.length()));
    }
}
