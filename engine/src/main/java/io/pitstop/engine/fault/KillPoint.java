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

    private KillPoint() {
    }

    public static boolean armed(String point) {
        return point.equals(System.getProperty(PAUSE_PROPERTY));
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
