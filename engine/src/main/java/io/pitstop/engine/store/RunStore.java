package io.pitstop.engine.store;

import java.util.List;
import java.util.Optional;

/**
 * Every run and step execution, in an SQL database (an embedded SQLite file by default). The
 * registry lives in the same database. Implementations are safe to use from several processes.
 */
public interface RunStore extends AutoCloseable {

    /** A new, sortable run id such as {@code r20261122-201500-7f3a}. */
    String newRunId();

    void createRun(RunRecord run);

    /** Sets status, end time and message of a run (also used when a resumed run starts again). */
    void updateRun(String runId, RunStatus status, java.time.Instant endedAt, String message);

    Optional<RunRecord> findRun(String runId);

    /** Newest first. */
    List<RunRecord> listRuns(int limit);

    /** Inserts or replaces the record of one step of one run (a resumed run re-records its steps). */
    void saveStep(StepRecord step);

    /** The steps of a run, in the order they started. */
    List<StepRecord> steps(String runId);

    /** The newest SUCCEEDED (not CACHED) execution of a step kind with this fingerprint, in any run. */
    Optional<StepRecord> findByFingerprint(String kind, String fingerprint);

    /**
     * Every recorded execution, in any run, that produced the named output (e.g. {@code data_version}),
     * whatever its kind, newest first (by end, then start).
     */
    List<StepRecord> stepsWithOutput(String output);

    /**
     * Records the process now working on a run (it started or resumed it, or runs one of its steps);
     * null when no process holds it any more while it stays RUNNING (between a scheduler's step tasks).
     */
    void claimRun(String runId, ProcessOwner owner);

    /** The owners of the RUNNING runs held by a process on this host, by run id. */
    java.util.Map<String, ProcessOwner> runningOwnedOn(String host);

    /**
     * Marks a RUNNING run DIED, with the time it was observed and why, and its RUNNING steps FAILED, if
     * it is still RUNNING under the same owner (a run another process resumed meanwhile is left alone).
     * Returns whether it was marked.
     */
    boolean markDied(String runId, ProcessOwner owner, java.time.Instant observedAt, String message);

    /** Records a retraining decision ({@code should-retrain}) with its evidence. */
    void recordDecision(DecisionRecord decision);

    /** The retraining decisions recorded for a pipeline, newest first. */
    List<DecisionRecord> decisions(String pipeline, int limit);

    @Override
    void close();
}
