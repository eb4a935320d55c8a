package io.pitstop.engine.testkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server directory whose owning test JVM is gone is cleaned up by the next start; one whose owner
 * is alive (another test JVM running now) is left alone.
 */
class PostgresServerOrphansTest {

    @Test
    void onlyTheDirectoriesOfDeadOwnersAreRemoved() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path orphan = Files.createTempDirectory(tmp, "pitstop-postgres-");
        Files.writeString(orphan.resolve(PostgresServer.OWNER_FILE), Long.toString(gone.pid()));
        Files.createDirectories(orphan.resolve("data"));
        Path live = Files.createTempDirectory(tmp, "pitstop-postgres-");
        Files.writeString(live.resolve(PostgresServer.OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        try {
            // No postmaster.pid in either: nothing to stop, so the binaries are never called.
            PostgresServer.stopOrphans(Path.of("/nonexistent/bin"), false);
            assertFalse(Files.exists(orphan), "the dead JVM's server directory is deleted");
            assertTrue(Files.exists(live), "a live JVM's server is left alone");
        } finally {
            Files.deleteIfExists(live.resolve(PostgresServer.OWNER_FILE));
            Files.deleteIfExists(live);
        }
    }
}
