package io.pitstop.engine.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named points in Pitstop's own code where a fault test stops a real process deterministically, to
 * SIGKILL it there and check what survives. Armed only when the JVM was started with
 * {@code -Dpitstop.fault.pause=<point>} (and {@code -Dpitstop.fault.marker=<file>}): the process then
 * writes the marker file at that point and waits forever, so the test knows when to kill it.
 * Without the property, {@link #reach} is one property lookup and returns.
 */
public final class KillPoint {

    public static final String PAUSE_PROPERTY = "pitstop.fault.pause";
    public static final String MARKER_PROPERTY = "pitstop.fault.marker";

    /** In the package writer: every file is copied into the hidden temp directory; no manifest, no signature yet. */
    public static final String PACKAGING = "packaging";
    /** In the registry: a new version's row and audit entry are written; the transaction is not committed. */
    public static final String REGISTERING = "registering";
    /** In the registry: the champion is archived and the new version set to production; not committed. */
    public static final String PROMOTING = "promoting";
    /**
     * In a scoring task on an executor, at the start of its partition. Armed through the executors'
     * JVM options; only the first task to arrive pauses ({@link #reachOnce}), so the retries Spark
     * makes after the test kills that executor run through.
     */
    public static final String SCORING_TASK = "scoring-task";

    private KillPoint() {
    }

    public static boolean armed(String point) {
        return point.equals(System.getProperty(PAUSE_PROPERTY));
    }

    /**
     * Pauses here forever if {@code point} is armed and no other process paused here before: the
     * marker file, created atomically with this process's pid in it, is the claim. For points many
     * processes pass (Spark tasks), so exactly one is stopped and the test knows which (the pid).
     */
    public static void reachOnce(String point) {
        if (!armed(point)) return;
        String marker = System.getProperty(MARKER_PROPERTY);
        if (marker == null) throw new IllegalStateException(point + " is armed without " + MARKER_PROPERTY);
        try {
            Files.writeString(Path.of(marker), Long.toString(ProcessHandle.current().pid()),
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return; // another process holds the claim: run through
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pauseForever();
    }

    /** Pauses here forever if {@code point} is armed. */
    public static void reach(String point) {
        if (!armed(point)) return;
        String marker = System.getProperty(MARKER_PROPERTY);
        try {
            if (marker != null) Files.writeString(Path.of(marker), point);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pauseForever();
    }

    private static void pauseForever() {
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
