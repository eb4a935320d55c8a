package io.pitstop.engine.registry;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How the audit log's head is written into, and read back from, the places a release leaves outside
 * the database: the signed package manifest (two keys of its lineage block, so the manifest format and
 * its signature stay as they are) and the annotated Git tag's message (one line).
 *
 * <pre>
 * manifest.json  "lineage": { "audit.head.sequence": "12", "audit.head.entry_hash": "9f2c…", … }
 * tag message    churn 1.4.0 released by run r20261122-…
 *
 *                audit-head: 12 9f2c…
 * </pre>
 */
public final class AuditAnchors {

    public static final String MANIFEST_SEQUENCE = "audit.head.sequence";
    public static final String MANIFEST_HASH = "audit.head.entry_hash";
    static final String TAG_PREFIX = "audit-head: ";
    private static final Pattern TAG_LINE = Pattern.compile("(?m)^" + TAG_PREFIX + "(\\d+) ([0-9a-f]{64})$");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private AuditAnchors() {
    }

    /** The lineage keys of a package built while the log's head was {@code head} (none while the log is empty). */
    public static Map<String, String> manifestFields(Optional<AuditChain.Head> head) {
        Map<String, String> out = new TreeMap<>();
        head.ifPresent(h -> {
            out.put(MANIFEST_SEQUENCE, Long.toString(h.sequence()));
            out.put(MANIFEST_HASH, h.entryHash());
        });
        return out;
    }

    /** The tag message's last line; empty while the log is empty. */
    public static String tagLine(Optional<AuditChain.Head> head) {
        return head.map(h -> "\n\n" + TAG_PREFIX + h.sequence() + " " + h.entryHash()).orElse("");
    }

    /** The anchor a manifest's lineage block carries, if its package was built after the log began. */
    public static Optional<AuditAnchor> fromManifest(String source, Map<String, String> lineage) {
        String seq = lineage.get(MANIFEST_SEQUENCE), hash = lineage.get(MANIFEST_HASH);
        if (seq == null || hash == null || !seq.matches("[1-9]\\d*") || !HASH.matcher(hash).matches()) return Optional.empty();
        return Optional.of(new AuditAnchor(source, Long.parseLong(seq), hash));
    }

    /** The anchor an annotated release tag's message carries, if any. */
    public static Optional<AuditAnchor> fromTagMessage(String source, String message) {
        var m = TAG_LINE.matcher(message);
        if (!m.find()) return Optional.empty();
        return Optional.of(new AuditAnchor(source, Long.parseLong(m.group(1)), m.group(2)));
    }
}
