package io.pitstop.engine.run;

import io.pitstop.engine.store.StepRecord;

import java.time.Instant;

/**
 * Told when a step of a run starts and how it ended, after the run store has recorded it: for
 * whatever reports runs elsewhere (OpenLineage events, {@code io.pitstop.engine.lineage.openlineage}).
 * An observer is a bystander: it must not throw, and a failure to report is its own warning, never
 * the run's failure. A step reused from the cache or failed before it could run is only
 * {@link #finished}; a step skipped because the run ended earlier, or one already done before a
 * resume, is neither.
 */
public interface StepObserver extends AutoCloseable {

    /** Observes nothing: the runner's default. */
    StepObserver NONE = new StepObserver() {
    };

    /** The step is about to run (its fingerprint found no reusable result). */
    default void started(ObservedStep step, Instant at) {
    }

    /** The step ended: run, reused from the cache, failed or stopped, as {@code record} says. */
    default void finished(ObservedStep step, StepRecord record) {
    }

    @Override
    default void close() {
    }

    /**
     * This observer and {@code other} (OpenLineage events and the MLflow mirror), told in that order;
     * closing closes both, {@code other} first.
     */
    default StepObserver and(StepObserver other) {
        if (other == NONE) return this;
        if (this == NONE) return other;
        StepObserver first = this;
        return new StepObserver() {
            @Override
            public void started(ObservedStep step, Instant at) {
                first.started(step, at);
                other.started(step, at);
            }

            @Override
            public void finished(ObservedStep step, StepRecord record) {
                first.finished(step, record);
                other.finished(step, record);
            }

            @Override
            public void close() {
                try (first; other) {
                    // closed in reverse order
                }
            }
        };
    }
}
