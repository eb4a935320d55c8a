package io.pitstop.engine.registry;

import java.time.Instant;

/** One line of the append-only audit log: a stage transition, who made it and on what evidence. */
public record AuditEntry(
        long sequence,
        Instant at,
        String model,
        String version,
        Stage from,
        Stage to,
        String actor,
        String reason,
        String runId,
        String evidence) {
}
