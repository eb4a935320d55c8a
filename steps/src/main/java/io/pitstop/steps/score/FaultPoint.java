package io.pitstop.steps.score;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named points of a scoring run where a fault test can stop the process deterministically. Only
 * when the JVM was started with {@code -Dpitstop.fault.pause=<point>} and
 * {@code -Dpitstop.fault.marker=<file>}: the run writes the marker file at that point and waits
 * there forever, so the test knows when to SIGKILL it. Without the properties this is a no-op.
 */
public enum FaultPoint {
    /**
     * Mid-scan of the input: a task reading the input rows (the scan of the contract checks) has
     * passed {@link #READING_ROWS} rows and stops there, the rest of the file unread.
     */
    READING("reading"),
    /** The input was read and checked; nothing is scored or written yet. */
    INPUT_CHECKED("input-checked"),
    /** Inside the Delta write: some data files of the new version may be on disk, the commit is not. */
    WRITING("writing"),
    /** The new predictions are written and checked; the Delta commit is next. */
    BEFORE_COMMIT("before-commit");

    public static final String PAUSE_PROPERTY = "pitstop.fault.pause";
    public static final String MARKER_PROPERTY = "pitstop.fault.marker";

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
        return id.equals(System.getProperty(PAUSE_PROPERTY));
    }

    /** Pauses here forever if this point is armed. */
    public void reach() {
        if (!armed()) return;
        String marker = System.getProperty(MARKER_PROPERTY);
        try {
            if (marker != null) Files.writeString(Path.of(marker), id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (true) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
