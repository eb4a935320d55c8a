package io.pitstop.steps.spark;

import io.pitstop.engine.store.ProcessOwner;
import io.pitstop.steps.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark scratch directories left by killed processes are removed at the next session's start; a live
 * process's, another host's and directories of names Pitstop did not make are never touched.
 */
class SparkScratchTest {

    @TempDir
    Path root;

    @Test
    void onlyTheScratchOfDeadProcessesOnThisHostIsRemoved() throws Exception {
        Process killed = new ProcessBuilder("sleep", "600").start();
        String killedStart = ProcessOwner.of(killed.toHandle()).orElseThrow().startToken();
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        ProcessOwner self = ProcessOwner.current();
        String host = self.host();

        Path dead = leftover(SparkScratch.nameOf(new ProcessOwner(killed.pid(), host, killedStart)));
        // This live pid with another process's start: what a reused pid looks like.
        Path reusedPid = leftover(SparkScratch.nameOf(new ProcessOwner(self.pid(), host, killedStart)));
        Path live = leftover(SparkScratch.nameOf(self));
        Path otherHost = leftover(killed.pid() + "-" + killedStart + "-elsewhere-" + host);
        Path notOurs = leftover("blockmgr-0f6c3c1e");

        assertEquals(List.of(dead, reusedPid).stream().sorted().toList(), SparkScratch.sweep(root));
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(reusedPid));
        for (Path kept : List.of(live, otherHost, notOurs)) {
            assertTrue(Files.exists(kept.resolve("blockmgr-1/0a/shuffle_0_0_0.data")), "kept: " + kept);
        }
        assertEquals(root.resolve(SparkScratch.nameOf(self)), SparkScratch.forThisProcess(root));
        assertEquals(List.of(), SparkScratch.sweep(root), "nothing else to remove");
    }

    /** The real session writes its block manager's files under this process's directory. */
    @Test
    void theSessionsLocalDirIsThisProcesssOwn() throws Exception {
        var spark = TestSpark.session();
        Path local = Path.of(spark.conf().get("spark.local.dir"));
        assertEquals(SparkScratch.nameOf(ProcessOwner.current()), local.getFileName().toString());
        spark.range(1000).repartition(3).count(); // a shuffle: block manager files
        try (Stream<Path> list = Files.list(local)) {
            assertTrue(list.anyMatch(p -> p.getFileName().toString().startsWith("blockmgr-")), local.toString());
        }
    }

    private Path leftover(String name) throws Exception {
        Path file = root.resolve(name).resolve("blockmgr-1/0a/shuffle_0_0_0.data");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "spilled");
        return root.resolve(name);
    }
}
