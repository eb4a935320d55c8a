package io.pitstop.steps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hung child fails the test within its bound, with what it printed, and leaves no process behind. */
class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void aHungChildThatHoldsItsOutputOpenTimesOutAndItsDescendantsAreKilled() throws Exception {
        Path pid = dir.resolve("grandchild.pid");
        // The grandchild inherits stdout and never exits, as a browser's renderer can.
        var builder = new ProcessBuilder("sh", "-c", "echo started; sleep 600 & echo $! > " + pid + "; wait");
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class, () -> ChildProcess.run(builder, Duration.ofSeconds(2), dir));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(), "the timeout fired");
        assertTrue(e.getMessage().contains("did not finish within PT2S") && e.getMessage().contains("started"),
                e.getMessage());
        long grandchild = Long.parseLong(Files.readString(pid).strip());
        var handle = ProcessHandle.of(grandchild);
        if (handle.isPresent()) handle.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false), "grandchild left running");
    }

    @Test
    void aChildThatFinishesGivesItsExitCodeAndBothStreams() throws Exception {
        var done = ChildProcess.run(new ProcessBuilder("sh", "-c", "echo out; echo err >&2; exit 3"),
                Duration.ofSeconds(30), dir);
        assertEquals(3, done.exitCode());
        assertEquals("out\n", done.stdout());
        assertEquals("err\n", done.stderr());
    }
}
