package io.pitstop.steps.score;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A test's main class in a JVM of its own, to be SIGKILLed at a {@link FaultPoint}. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code main} with the same JVM flags and classpath as this test JVM (Spark needs the --add-opens),
     * minus agents, its output in {@code log}.
     */
    static Process start(Path log, Class<?> main, List<String> properties, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-javaagent") && !arg.startsWith("-agentlib")) command.add(arg);
        }
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The properties that pause a child at {@code point}, writing {@code marker} when it gets there. */
    static List<String> pausedAt(FaultPoint point, Path marker) {
        return List.of("-D" + FaultPoint.PAUSE_PROPERTY + "=" + point.id(), "-D" + FaultPoint.MARKER_PROPERTY + "=" + marker);
    }

    /** Waits until the child paused at {@code point} (its marker file exists); fails when it ended first. */
    static void waitFor(Path marker, Process child, FaultPoint point) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.exists(marker)) {
            if (!child.isAlive()) {
                throw new AssertionError("the child ended (exit " + child.exitValue() + ") before reaching " + point.id());
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("the child never reached " + point.id());
            }
            Thread.sleep(200);
        }
    }
}
