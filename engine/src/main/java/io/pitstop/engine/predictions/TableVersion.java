package io.pitstop.engine.predictions;

import java.time.Instant;

/**
 * One commit of a prediction table, with the run and model that wrote it when a scoring run did
 * (null for commits made otherwise, e.g. a restore).
 *
 * @param operation what the commit did, e.g. {@code WRITE} or {@code RESTORE}
 */
public record TableVersion(long version, Instant committedAt, String operation, String runId, String model,
                           String modelVersion, Long rows) {
}
