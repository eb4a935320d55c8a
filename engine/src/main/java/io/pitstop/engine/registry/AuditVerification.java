package io.pitstop.engine.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code pitstop audit verify} concludes: the hash chain checked link by link
 * ({@link AuditChain#problems}), against every anchor kept outside the database ({@link AuditAnchor}),
 * and replayed against the registry's stages ({@link StageReplay}).
 *
 * <p>Against the anchors it tells three kinds of tampering apart:
 * <ul>
 *   <li>a truncated tail: an anchor names an entry after the log's last one;</li>
 *   <li>rewritten history: an anchored entry is there with another hash (an edited entry whose hash and
 *       every later hash were recomputed so the chain itself still links); the first entry that
 *       disagrees is named;</li>
 *   <li>a forged append: entries after the newest anchor, which no Pitstop process recorded.</li>
 * </ul>
 *
 * @param notes what the verification could not check (no anchor at all), said but not a failure
 */
public record AuditVerification(int entries, int anchors, List<String> problems, List<String> notes) {

    public AuditVerification {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean intact() {
        return problems.isEmpty();
    }

    public static AuditVerification of(List<AuditChain.Link> links, List<AuditAnchor> anchors, List<ModelVersion> versions) {
        List<String> problems = new ArrayList<>(AuditChain.problems(links));
        List<String> notes = new ArrayList<>();
        Map<Long, String> hashes = new HashMap<>();
        links.forEach(l -> hashes.put(l.entry().sequence(), l.entryHash()));
        long last = links.stream().mapToLong(l -> l.entry().sequence()).max().orElse(0);

        // Per source kind (the heads file's lines count as one source), report only the first disagreement:
        // every later anchor of a rewritten chain disagrees too, and says nothing new.
        Map<String, AuditAnchor> beyondEnd = new LinkedHashMap<>();
        Map<String, AuditAnchor> firstRewritten = new LinkedHashMap<>();
        long newestAgreeing = 0;
        AuditAnchor newestAgreeingAnchor = null;
        for (AuditAnchor a : anchors.stream().sorted(Comparator.comparingLong(AuditAnchor::sequence)).toList()) {
            String group = sourceGroup(a.source());
            String stored = hashes.get(a.sequence());
            if (stored == null) {
                if (a.sequence() > last) beyondEnd.put(group, a);
                // A gap inside the log is already reported by the chain.
            } else if (!stored.equals(a.entryHash())) {
                firstRewritten.putIfAbsent(group, a);
            } else if (a.sequence() >= newestAgreeing) {
                newestAgreeing = a.sequence();
                newestAgreeingAnchor = a;
            }
        }
        beyondEnd.values().forEach(a -> problems.add("truncated tail: " + a.source() + " anchors entry " + a.sequence()
                + " (hash " + AuditChain.abbreviate(a.entryHash()) + ") but the log "
                + (last == 0 ? "is empty" : "ends at entry " + last) + ": entries " + (last + 1)
                + (a.sequence() > last + 1 ? " to " + a.sequence() : "") + " were removed"));
        firstRewritten.values().stream().min(Comparator.comparingLong(AuditAnchor::sequence)).ifPresent(first -> {
            for (AuditAnchor a : firstRewritten.values()) {
                problems.add("rewritten history: entry " + a.sequence() + " has hash " + AuditChain.abbreviate(hashes.get(a.sequence()))
                        + " but " + a.source() + " recorded " + AuditChain.abbreviate(a.entryHash())
                        + (a == first ? ": the first entry that disagrees with an anchor is entry " + a.sequence() : ""));
            }
        });
        if (anchors.isEmpty()) {
            if (last > 0) notes.add("no anchor found (no heads file, no anchored package or release tag): a removed newest "
                    + "entry, a rewritten history or a forged append cannot be told from an intact log");
        } else if (firstRewritten.isEmpty() && beyondEnd.isEmpty() && last > newestAgreeing) {
            problems.add("forged append: entries " + (newestAgreeing + 1) + (last > newestAgreeing + 1 ? " to " + last : "")
                    + " are anchored nowhere (the newest anchor is entry " + newestAgreeing
                    + (newestAgreeingAnchor == null ? "" : ", " + newestAgreeingAnchor.source())
                    + "): written outside Pitstop, or the heads file that anchored them was edited; the first entry that disagrees is entry "
                    + (newestAgreeing + 1));
        }
        List<AuditEntry> log = links.stream().map(AuditChain.Link::entry).toList();
        problems.addAll(StageReplay.problems(log, versions));
        return new AuditVerification(links.size(), anchors.size(), problems, notes);
    }

    /** The heads file's lines ({@code path:line}) form one source; a package or a tag is one each. */
    private static String sourceGroup(String source) {
        int colon = source.lastIndexOf(':');
        return colon > 0 && source.substring(colon + 1).chars().allMatch(Character::isDigit) ? source.substring(0, colon) : source;
    }
}
