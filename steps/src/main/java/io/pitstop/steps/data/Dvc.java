package io.pitstop.steps.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.lineage.GitState;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The real {@code dvc} executable, run as a process in one working directory (the DVC repository's
 * root). Pitstop does not reimplement DVC: what dvc records is what {@code dvc checkout} can bring
 * back, so the data version in a run's lineage is usable with plain dvc.
 *
 * <p>Every command runs with {@code DVC_NO_ANALYTICS=1}, stdin closed (so a prompt fails instead of
 * hanging a nightly run) and a timeout. Failures become a {@link DvcException} whose {@link
 * DvcException.Kind} says which of the usual problems it was.
 *
 * <p>Profile keys: {@code dvc.binary} (default {@code .venv/bin/dvc}, installed by
 * {@code bin/setup-python}), {@code dvc.timeout_seconds} (default 600; fractions allowed).
 */
public final class Dvc {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final String DEFAULT_BINARY = ".venv/bin/dvc";

    private final Path binary;
    private final Path workDir;
    private final Duration timeout;

    public Dvc(Path binary, Path workDir, Duration timeout) {
        this.binary = Objects.requireNonNull(binary, "binary").toAbsolutePath().normalize();
        this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }

    /**
     * dvc working in {@code projectDir} (the working copy whose data it versions): the profile's
     * {@code dvc.binary} or the venv, both of the project the profile belongs to, which a tag
     * trigger's clean checkout does not carry.
     */
    public static Dvc forProject(Path projectDir, Profile profile) {
        Path home = profile.projectDir();
        Path binary = profile.find("dvc.binary").map(home::resolve).orElseGet(() -> defaultBinary(home));
        String setting = profile.get("dvc.timeout_seconds", String.valueOf(DEFAULT_TIMEOUT.toSeconds()));
        double seconds;
        try {
            seconds = Double.parseDouble(setting);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("profile key dvc.timeout_seconds must be a number of seconds, found '"
                    + setting + "'");
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("profile key dvc.timeout_seconds must be positive, found " + setting);
        }
        // Fractions are allowed (0.5): a test can make a real dvc command outlive its timeout.
        return new Dvc(binary, projectDir, Duration.ofMillis(Math.max(1, Math.round(seconds * 1000))));
    }

    /**
     * The project's own {@code .venv/bin/dvc} when it has one, else the one Pitstop's setup installed
     * beside Pitstop itself ({@code pitstop.home}, set by the launcher and the build): projects run
     * by Pitstop need not carry a Python environment of their own.
     */
    static Path defaultBinary(Path projectDir) {
        Path own = projectDir.resolve(DEFAULT_BINARY);
        String home = System.getProperty("pitstop.home");
        if (Files.isExecutable(own) || home == null) return own;
        Path installed = Path.of(home).resolve(DEFAULT_BINARY);
        return Files.isExecutable(installed) ? installed : own;
    }

    public Dvc withTimeout(Duration newTimeout) {
        return new Dvc(binary, workDir, newTimeout);
    }

    public Path binary() {
        return binary;
    }

    public Path workDir() {
        return workDir;
    }

    /** Whether {@link #workDir()} is a DVC repository root (has a {@code .dvc/} directory). */
    public boolean isRepository() {
        return Files.isDirectory(workDir.resolve(".dvc"));
    }

    /** {@code dvc init}: makes the (Git) working directory a DVC repository. */
    public DvcOutput init() {
        return run("init");
    }

    /**
     * {@code dvc add <path>}: hashes the file into the cache and writes {@code <path>.dvc}.
     *
     * @return the .dvc file dvc wrote, read back
     */
    public DvcFile add(Path path) {
        String relative = relative(path);
        run("add", relative);
        return readDvcFile(workDir.resolve(relative + ".dvc"));
    }

    /** {@code dvc push <dvcFile> -r <remote>}: uploads the tracked file's cache entry to the remote. */
    public DvcOutput push(Path dvcFile, String remoteName) {
        return run("push", relative(dvcFile), "-r", remoteName);
    }

    /** {@code dvc pull <dvcFile> -r <remote>}: fetches the recorded version from the remote and checks it out. */
    public DvcOutput pull(Path dvcFile, String remoteName) {
        return run("pull", relative(dvcFile), "-r", remoteName);
    }

    /**
     * {@code dvc checkout <dvcFile>}: puts the version recorded in the .dvc file back into the
     * workspace. Refuses (dvc's own error) to overwrite a workspace file that is not in the cache.
     */
    public DvcOutput checkout(Path dvcFile) {
        return run("checkout", relative(dvcFile));
    }

    /** {@code dvc status}: what differs between the workspace and the .dvc files (exit 0 either way). */
    public DvcOutput status() {
        return run("status");
    }

    /**
     * {@code dvc status --json <dvcFile>}: how the workspace differs from what the .dvc file records,
     * as tracked path to dvc's word for the change ({@code modified}, {@code deleted}, {@code new});
     * empty when the workspace holds exactly the recorded version.
     */
    public Map<String, String> changedOuts(Path dvcFile) {
        DvcOutput output = run("status", "--json", relative(dvcFile));
        Map<String, String> changed = new TreeMap<>();
        try {
            // {"data/x.csv.dvc": [{"changed outs": {"data/x.csv": "modified"}}]}; other entries (changed deps) do not apply to a plain add.
            for (JsonNode entry : Json.MAPPER.readTree(output.stdout().isBlank() ? "{}" : output.stdout())) {
                for (JsonNode change : entry) {
                    change.path("changed outs").fields().forEachRemaining(f -> changed.put(f.getKey(), f.getValue().asText()));
                }
            }
        } catch (IOException e) {
            throw new DvcException(DvcException.Kind.FAILED, List.of(binary.toString(), "status", "--json"), 0,
                    output.stdout(), "dvc status printed something that is not its JSON status: " + e.getMessage());
        }
        return changed;
    }

    /**
     * {@code dvc remote add --local -f -d <name> <url>}: (re)points a remote in {@code .dvc/config.local},
     * which is not committed, so each machine can keep its remote where it likes.
     */
    public DvcOutput remoteAddLocal(String name, String url) {
        return run("remote", "add", "--local", "-f", "-d", name, url);
    }

    /**
     * {@code dvc remote add -f -d <name> <url>}: (re)points a remote in the committed {@code .dvc/config},
     * so a fresh clone knows where to {@code dvc pull} from. dvc itself stores a relative path relative to
     * {@code .dvc/} ({@code .pitstop/dvc-remote} becomes {@code ../.pitstop/dvc-remote}): the same bytes in
     * every clone, and no machine's absolute path in the project's history.
     *
     * @param url as declared: a path relative to the project root, an absolute path, or a dvc remote URL
     */
    public DvcOutput remoteAddProject(String name, String url) {
        return run("remote", "add", "-f", "-d", name, url);
    }

    /** The data version a .dvc file records, with the Git commit of the working directory. */
    public DataVersion version(Path dvcFile, String remoteUrl) {
        DvcFile file = readDvcFile(dvcFile);
        GitState git = GitState.of(workDir);
        // Outside Git, or before its first commit, there is no commit to name: recorded as null, not "none".
        boolean committed = !git.commit().equals(GitState.NONE.commit());
        return new DataVersion(workDir.relativize(file.trackedPath()).toString(), file.md5(), file.size(),
                committed ? git.commit() : null, committed ? git.dirty() : null, remoteUrl, workDir.relativize(file.file().toAbsolutePath()).toString());
    }

    // No --quiet anywhere: dvc's -q also silences its ERROR lines, which are what a failure must show.

    /** Runs {@code dvc <args>} and returns its output; any non-zero exit is a {@link DvcException}. */
    public DvcOutput run(String... args) {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(binary.toString());
        commandLine.addAll(List.of(args));
        if (!Files.isExecutable(binary)) {
            throw new DvcException(DvcException.Kind.BINARY_MISSING, commandLine, -1, "",
                    "dvc is not installed at " + binary + "; run bin/setup-python in the project to install the"
                            + " pinned version into .venv/ (or point the profile key dvc.binary at a dvc executable)");
        }
        if (!Files.isDirectory(workDir)) {
            throw new DvcException(DvcException.Kind.FAILED, commandLine, -1, "",
                    "dvc's working directory " + workDir + " does not exist");
        }
        CommandLine command = new CommandLine(binary.toFile());
        for (String arg : args) command.addArgument(arg, false);

        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setWorkingDirectory(workDir.toFile())
                // No input stream: the process's stdin is closed, so any confirmation prompt fails fast.
                .setExecuteStreamHandler(new PumpStreamHandler(stdout, stderr, null))
                .get();
        executor.setWatchdog(watchdog);
        executor.setExitValues(null); // exit codes are judged below, with stderr at hand
        int exit;
        try {
            exit = executor.execute(command, environment());
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        } catch (IOException e) {
            throw new DvcException(DvcException.Kind.BINARY_MISSING, commandLine, -1, e.getMessage(),
                    "could not start dvc at " + binary + "; run bin/setup-python to (re)install it");
        }
        String out = stdout.toString(StandardCharsets.UTF_8);
        String err = stderr.toString(StandardCharsets.UTF_8);
        if (watchdog.killedProcess()) {
            throw new DvcException(DvcException.Kind.TIMEOUT, commandLine, -1, err,
                    "dvc " + args[0] + " did not finish within " + timeout.toMillis() + " ms and was stopped"
                            + " (raise the profile key dvc.timeout_seconds if the data is large)");
        }
        if (exit != 0) throw failure(commandLine, args[0], exit, err.isBlank() ? out : err);
        return new DvcOutput(out, err);
    }

    private DvcException failure(List<String> commandLine, String subcommand, int exit, String message) {
        if (message.contains("not inside of a DVC repository")) {
            return new DvcException(DvcException.Kind.NOT_A_REPOSITORY, commandLine, exit, message,
                    workDir + " is not a DVC repository; run `" + binary + " init` in " + workDir
                            + " once and commit the .dvc/ directory it creates");
        }
        if (subcommand.equals("push") || subcommand.equals("pull") || subcommand.equals("fetch")) {
            return new DvcException(DvcException.Kind.REMOTE_FAILED, commandLine, exit, message,
                    "dvc " + subcommand + " could not transfer data to or from the remote (is the remote"
                            + " reachable and writable? see `dvc remote list --local` in " + workDir + ")");
        }
        return new DvcException(DvcException.Kind.FAILED, commandLine, exit, message,
                "dvc " + subcommand + " failed in " + workDir);
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DVC_NO_ANALYTICS", "1");
        // Keep a user's site-packages from changing the pinned dvc's behaviour.
        env.put("PYTHONNOUSERSITE", "1");
        // dvc shells out to Git for some operations; never let Git ask for credentials on a terminal.
        env.put("GIT_TERMINAL_PROMPT", "0");
        return env;
    }

    private String relative(Path path) {
        Path absolute = workDir.resolve(path).normalize();
        if (!absolute.startsWith(workDir)) {
            throw new IllegalArgumentException(path + " is outside the DVC repository " + workDir);
        }
        return workDir.relativize(absolute).toString();
    }

    private DvcFile readDvcFile(Path dvcFile) {
        try {
            return DvcFile.read(workDir.resolve(dvcFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
