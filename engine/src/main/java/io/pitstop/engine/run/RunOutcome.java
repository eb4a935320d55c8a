package io.pitstop.engine.run;

import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.StepRecord;

import java.util.List;

/**
 * How a run ended, and the exit code a scheduler sees.
 *
 * @param invalidConfiguration the run failed because a file it was given is wrong (a contract or
 *                             parameter refused while running), not because something broke: exit 2,
 *                             which a scheduler such as Airflow does not retry, since a retry fails the same way
 */
public record RunOutcome(String runId, RunStatus status, List<StepRecord> steps, String message,
                         boolean invalidConfiguration, boolean productionChanged) {

    /** The pipeline ran to its end. */
    public static final int EXIT_OK = 0;
    /** A step failed: broken infrastructure, a bug, or data that broke its contract. */
    public static final int EXIT_FAILED = 1;
    /** The file or the command line was invalid; nothing ran. */
    public static final int EXIT_INVALID = 2;
    /** A step decided to release nothing (the quality gate said no); production is unchanged. */
    public static final int EXIT_STOPPED = 3;
    /**
     * A registry transition (a promotion, rollback, approval, retention) found production changed since
     * its caller looked, and changed nothing; the message says who changed it. A promotion's run is not
     * to be resumed (its gate judged the old champion) but run again.
     */
    public static final int EXIT_CONFLICT = 4;
    /** {@code should-retrain}: no condition of the pipeline's {@code retrain_when:} held, so tonight's run is skipped. */
    public static final int EXIT_SKIP_RETRAIN = 5;

    public RunOutcome {
        steps = List.copyOf(steps);
    }

    public RunOutcome(String runId, RunStatus status, List<StepRecord> steps, String message) {
        this(runId, status, steps, message, false, false);
    }

    public RunOutcome(String runId, RunStatus status, List<StepRecord> steps, String message, boolean invalidConfiguration) {
        this(runId, status, steps, message, invalidConfiguration, false);
    }

    public int exitCode() {
        return switch (status) {
            case SUCCEEDED -> EXIT_OK;
            case STOPPED -> EXIT_STOPPED;
            case FAILED -> productionChanged ? EXIT_CONFLICT : invalidConfiguration ? EXIT_INVALID : EXIT_FAILED;
            case RUNNING, DIED -> EXIT_FAILED;
        };
    }
}
