package io.pitstop.steps.score;

import io.pitstop.engine.fault.KillPoint;

/**
 * Named points of a scoring run where a fault test can stop the process deterministically
 * ({@link KillPoint} does the pausing; see there for the system properties that arm it).
 */
public enum FaultPoint {
    /**
     * Mid-scan of the input: a task reading the input rows (the scan of the contract checks) has
     * passed {@link #READING_ROWS} rows and stops there, the rest of the file unread.
     */
    READING("reading"),
    /** The input was read and checked; nothing is scored or written yet. */
    INPUT_CHECKED("input-checked"),
    /** Inside the write of the new data files: some are on disk, none is in the table's log (no commit). */
    WRITING("writing"),
    /** The new data files are written and checked, not yet in the log; the Delta commit is next. */
    BEFORE_COMMIT("before-commit"),
    /** The Delta commit landed; the step has not yet reported success (a retry must not land it twice). */
    AFTER_COMMIT("after-commit"),
    /** An erasure's MERGE committed (the current version lacks the keys); the VACUUM of older files has not begun. */
    ERASE_DELETED("erase-deleted"),
    /** An erasure's VACUUM deleted its first unreferenced data file; the others are still on disk. */
    ERASE_VACUUMING("erase-vacuuming");

    public static final String PAUSE_PROPERTY = KillPoint.PAUSE_PROPERTY;
    public static final String MARKER_PROPERTY = KillPoint.MARKER_PROPERTY;

    /** Rows a task passes through before it stops at {@link #READING}. */
    public static final int READING_ROWS = 100;

    private final String id;

    FaultPoint(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean armed() {
        return KillPoint.armed(id);
    }

    /** Pauses here forever if this point is armed. */
    public void reach() {
        KillPoint.reach(id);
    }
}
