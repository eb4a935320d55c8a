package io.pitstop.engine.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the runs left RUNNING by a process that was killed (SIGKILL, the OOM killer, a power cut) and
 * marks them DIED, so no run shows RUNNING forever. Only runs owned by a process on this host are
 * judged: a PostgreSQL store is shared by machines, and a run on another one cannot be seen from here,
 * so it stays as it is. Every command that opens a project calls this; it costs one query.
 */
public final class DiedRuns {

    private DiedRuns() {
    }

    /** Marks this host's RUNNING runs whose owner is gone; returns the ids marked. */
    public static List<String> markOnThisHost(RunStore store, Clock clock) {
        String host = ProcessOwner.thisHost();
        List<String> marked = new ArrayList<>();
        for (Map.Entry<String, ProcessOwner> e : store.runningOwnedOn(host).entrySet()) {
            ProcessOwner owner = e.getValue();
            if (owner.isAlive()) continue;
            Instant now = clock.instant();
            String why = "died: " + owner.describe() + " is gone; seen at " + now + " by process "
                    + ProcessHandle.current().pid();
            if (store.markDied(e.getKey(), owner, now, why)) marked.add(e.getKey());
        }
        return List.copyOf(marked);
    }
}
