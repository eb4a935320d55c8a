package io.pitstop.engine.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whether a run's owner is alive, on Linux by the kernel's own figures: the process's start in clock ticks
 * since boot ({@code /proc/<pid>/stat} field 22) and the boot's id ({@code /proc/sys/kernel/random/boot_id}),
 * so a pid reused by another process, or the same pid and start after a reboot, is told apart exactly.
 */
class ProcessOwnerTest {

    private static String bootId() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim().replace("-", "");
    }

    private static String field22(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
    }

    @Test
    void onLinuxTheStartIsTheKernelsStartTimeInTicksAndTheBootId() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux only");
        ProcessOwner self = ProcessOwner.current();
        assertEquals("t" + field22(self.pid()) + "b" + bootId(), self.startToken());
        assertTrue(self.isAlive());
    }

    @Test
    void aReusedPidAnotherBootAndAKilledProcessAreNotAlive() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux only");
        ProcessOwner self = ProcessOwner.current();
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            ProcessOwner other = ProcessOwner.of(sleeper.toHandle()).orElseThrow();
            assertTrue(other.isAlive());
            assertFalse(new ProcessOwner(self.pid(), self.host(), other.startToken()).isAlive(),
                    "this pid, with another process's start: a reused pid");
            String anotherBoot = "t" + field22(self.pid()) + "b" + "0".repeat(32);
            assertFalse(new ProcessOwner(self.pid(), self.host(), anotherBoot).isAlive(), "same pid and ticks, before a reboot");
            sleeper.destroyForcibly();
            assertTrue(sleeper.waitFor(30, TimeUnit.SECONDS));
            assertFalse(other.isAlive(), "killed");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aStartRecordedAsEpochMillisIsStillJudgedThePortableWay() {
        ProcessOwner self = ProcessOwner.current();
        String millis = Long.toString(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli());
        assertTrue(new ProcessOwner(self.pid(), self.host(), millis).isAlive(), "a run claimed before the Linux figures were used");
        assertFalse(new ProcessOwner(self.pid(), self.host(), Long.toString(Long.parseLong(millis) - 60_000)).isAlive());
    }
}
