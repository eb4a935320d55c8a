package io.pitstop.engine.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays the audit log (every entry, oldest first) to the stage each version should be in now, and
 * compares that with the registry's versions table: a stage changed by hand in {@code model_versions},
 * a version registered or deleted without an entry, or an entry removed from the log, all show here.
 */
public final class StageReplay {

    private StageReplay() {
    }

    /** Every disagreement between the replayed log and the registry, one sentence each; empty when they agree. */
    public static List<String> problems(List<AuditEntry> log, List<ModelVersion> versions) {
        Map<String, AuditEntry> last = new LinkedHashMap<>();
        for (AuditEntry e : log) last.put(key(e.model(), e.version()), e);
        List<String> out = new ArrayList<>();
        for (ModelVersion v : versions) {
            AuditEntry e = last.remove(key(v.model(), v.version()));
            if (e == null) {
                out.add(v.model() + " " + v.version() + " is in the registry (" + name(v.stage())
                        + ") but no audit entry records it: registered without an entry, or its entries were removed");
            } else if (e.to() != v.stage()) {
                out.add(v.model() + " " + v.version() + " is " + name(v.stage()) + " in the registry, but the audit log's last entry "
                        + "for it (entry " + e.sequence() + ") leaves it " + name(e.to()) + ": its stage was changed without an audit entry "
                        + "(or the entry recording the change was removed)");
            }
        }
        last.values().forEach(e -> out.add("the audit log records " + e.model() + " " + e.version() + " (last at entry "
                + e.sequence() + ", " + name(e.to()) + ") but the registry has no such version: it was removed without an audit entry"));
        return List.copyOf(out);
    }

    private static String key(String model, String version) {
        return model + "\u0000" + version;
    }

    private static String name(Stage s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
