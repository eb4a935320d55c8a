package io.pitstop.engine.policy;

import io.pitstop.engine.registry.ModelVersion;

import java.util.Optional;

/**
 * What the run store, the registry and the data say about the model in production, gathered once by
 * {@link EvidenceReader} and judged by {@link RetrainDecision#decide}.
 *
 * @param production    the version in production, if any
 * @param inputPsi      the largest input PSI of the newest scoring run of the production version
 * @param predictionPsi that run's scores against the run before
 * @param realisedAuc   the production version's AUC on the outcomes joined so far
 * @param judged        how many of its predictions had an outcome; the realised AUC is evidence only from
 *                      {@code min_judged} on
 * @param offlineAuc    the test AUC its release was evaluated with
 * @param rowsNow       rows of the data step's source now
 * @param rowsTrained   rows the production version was trained on (its run's validation)
 * @param ageDays       days since the production version was registered
 */
public record RetrainEvidence(Optional<ModelVersion> production, Measured inputPsi, Measured predictionPsi,
                              Measured realisedAuc, long judged, Measured offlineAuc, Measured rowsNow,
                              Measured rowsTrained, Measured ageDays) {
}
