package io.pitstop.engine.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process that is working on a run: its pid, the host it runs on and when the operating system
 * started it. The start tells a reused pid from the owner: a pid the kernel handed to a new process
 * after the owner died has another start, so the owner still counts as gone.
 *
 * <p>On Linux the start is the kernel's own figures: the process's start time in clock ticks since
 * boot ({@code /proc/<pid>/stat}, field 22) and the boot's id ({@code /proc/sys/kernel/random/boot_id}).
 * Both are exact, where an instant is derived from them and the boot time in whole seconds; and the boot
 * id tells a reboot, after which a pid can come back with the very same ticks. Elsewhere, the portable
 * figure: {@link ProcessHandle.Info#startInstant()} in epoch milliseconds. Tokens of both forms are
 * judged, so runs claimed before either stay readable.
 *
 * @param startToken {@code t<ticks>b<boot id, 32 hex digits>} on Linux, else epoch milliseconds
 */
public record ProcessOwner(long pid, String host, String startToken) {

    private static final Pattern LINUX = Pattern.compile("t(\\d+)b([0-9a-f]{32})");
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    public ProcessOwner {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("a process owner needs a host");
        if (startToken == null || startToken.isBlank()) throw new IllegalArgumentException("a process owner needs a start token");
    }

    /** This process. */
    public static ProcessOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return of(self).orElseGet(() -> new ProcessOwner(self.pid(), thisHost(), jvmStart()));
    }

    /** A live process of this host; empty when its start cannot be read. */
    public static Optional<ProcessOwner> of(ProcessHandle process) {
        return linuxToken(process.pid()).or(() -> portableToken(process))
                .map(token -> new ProcessOwner(process.pid(), thisHost(), token));
    }

    /**
     * Whether the owner is still alive, judged on this host only: true when the process with this pid
     * is running and started when the owner did. A process on another host cannot be judged from here,
     * so {@link #isOnThisHost()} must be checked first.
     */
    public boolean isAlive() {
        if (!isOnThisHost()) throw new IllegalStateException("process " + pid + " runs on " + host + ", not on " + thisHost());
        Matcher linux = LINUX.matcher(startToken);
        if (linux.matches()) {
            Optional<String> boot = bootId();
            if (boot.isPresent()) {
                // Another boot: every process of the owner's boot is gone, whatever now holds its pid.
                if (!boot.get().equals(linux.group(2))) return false;
                return startTicks(pid).map(t -> t.equals(linux.group(1))).orElse(false);
            }
            // A Linux token but no /proc to read now (a restricted container): the portable judgement below.
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) return false;
        if (linux.matches()) return true;
        // A live pid whose start cannot be read (another user's process on some systems) is given the benefit of the doubt.
        return portableToken(handle.get()).map(startToken::equals).orElse(true);
    }

    public boolean isOnThisHost() {
        return host.equals(thisHost());
    }

    /** {@code 4242 on build-1 (started 1796651520123)}. */
    public String describe() {
        return "process " + pid + " on " + host + " (started " + startToken + ")";
    }

    private static Optional<String> portableToken(ProcessHandle process) {
        return process.info().startInstant().map(i -> Long.toString(i.toEpochMilli()));
    }

    private static Optional<String> linuxToken(long pid) {
        return bootId().flatMap(boot -> startTicks(pid).map(ticks -> "t" + ticks + "b" + boot));
    }

    /** The boot id without its dashes; empty where the kernel does not publish one. */
    private static Optional<String> bootId() {
        try {
            String id = Files.readString(BOOT_ID).trim().replace("-", "");
            return id.matches("[0-9a-f]{32}") ? Optional.of(id) : Optional.empty();
        } catch (java.io.IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Field 22 of {@code /proc/<pid>/stat}, the start in clock ticks since boot; empty when there is no such
     * process. Counted after the last ')' since field 2, the command's name, may itself hold spaces and parentheses.
     */
    private static Optional<String> startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return after.length > 19 && after[19].matches("\\d+") ? Optional.of(after[19]) : Optional.empty();
        } catch (java.io.IOException | SecurityException | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        }
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
