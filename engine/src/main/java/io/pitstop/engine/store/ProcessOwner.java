package io.pitstop.engine.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process that is working on a run: its pid, the host it runs on and the instant the operating
 * system started it. The start instant tells a reused pid from the owner: a pid the kernel handed to
 * a new process after the owner died has another start, so the owner still counts as gone.
 *
 * @param startToken the process's start as epoch milliseconds, as {@link ProcessHandle.Info#startInstant()}
 *                   reports it (the same figure from any process on the host, read from the kernel)
 */
public record ProcessOwner(long pid, String host, String startToken) {

    public ProcessOwner {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("a process owner needs a host");
        if (startToken == null || startToken.isBlank()) throw new IllegalArgumentException("a process owner needs a start token");
    }

    /** This process. */
    public static ProcessOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessOwner(self.pid(), thisHost(), startToken(self).orElseGet(ProcessOwner::jvmStart));
    }

    /**
     * Whether the owner is still alive, judged on this host only: true when the process with this pid
     * is running and started when the owner did. A process on another host cannot be judged from here,
     * so {@link #isOnThisHost()} must be checked first.
     */
    public boolean isAlive() {
        if (!isOnThisHost()) throw new IllegalStateException("process " + pid + " runs on " + host + ", not on " + thisHost());
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) return false;
        // A live pid whose start cannot be read (another user's process on some systems) is given the benefit of the doubt.
        return startToken(handle.get()).map(startToken::equals).orElse(true);
    }

    public boolean isOnThisHost() {
        return host.equals(thisHost());
    }

    /** {@code 4242 on build-1 (started 1796651520123)}. */
    public String describe() {
        return "process " + pid + " on " + host + " (started " + startToken + ")";
    }

    private static Optional<String> startToken(ProcessHandle process) {
        return process.info().startInstant().map(i -> Long.toString(i.toEpochMilli()));
    }

    private static String jvmStart() {
        return Long.toString(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** The host name: the kernel's (as {@code hostname} prints it), else what the resolver calls this machine. */
    public static String thisHost() {
        String cached = HOST;
        if (cached != null) return cached;
        String name = null;
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) name = Files.readString(kernel).trim();
        } catch (java.io.IOException ignored) {
            // fall through to the resolver
        }
        if (name == null || name.isEmpty()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "localhost";
            }
        }
        HOST = name;
        return name;
    }

    private static volatile String HOST;
}
