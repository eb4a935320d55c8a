package io.pitstop.engine.testkit;

import io.pitstop.engine.pkg.FileTree;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MLflow tracking server for the mirror tests: the pinned MLflow from PyPI in
 * {@code .venv-mlflow/} ({@code bin/setup-mlflow} installs it, called here so a plain
 * {@code mvn test} works too), started as {@code mlflow server} on 127.0.0.1 on a free port, with
 * an SQLite backend and the artifact proxy ({@code --serve-artifacts}) into a temp directory;
 * stopped and deleted when the test JVM exits. One server per JVM, started on first use (about ten
 * seconds). Nothing is skipped: a server that does not come up fails the test with its own log.
 *
 * <p>A test JVM killed by SIGKILL never runs its shutdown hook; each server's directory records the
 * JVM that owns it and the server's pid ({@value #OWNER_FILE}), and the next start stops the servers
 * whose owner is gone.
 */
public final class MlflowServer {

    static final String OWNER_FILE = "owner";
    private static final String DIR_PREFIX = "pitstop-mlflow-";
    private static MlflowServer shared;

    private final Process process;
    private final Path home;
    private final URI uri;

    private MlflowServer(Process process, Path home, URI uri) {
        this.process = process;
        this.home = home;
        this.uri = uri;
    }

    /** The server of this JVM, started on first call. */
    public static synchronized MlflowServer shared() {
        if (shared == null) {
            shared = start();
            MlflowServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-mlflow"));
        }
        return shared;
    }

    /** The tracking URI, e.g. {@code http://127.0.0.1:41234}. */
    public URI uri() {
        return uri;
    }

    /** A URL where no server listens (a port just found free): MLflow being down. */
    public static URI nowhere() {
        return URI.create("http://127.0.0.1:" + freePort());
    }

    private static MlflowServer start() {
        stopOrphans();
        Path mlflow = setUp();
        try {
            Path home = Files.createTempDirectory(DIR_PREFIX);
            int port = freePort();
            Path log = home.resolve("server.log");
            Process process = new ProcessBuilder(mlflow.toString(), "server", "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--workers", "1",
                    "--backend-store-uri", "sqlite:///" + home.resolve("mlflow.db"),
                    "--serve-artifacts", "--artifacts-destination", home.resolve("artifacts").toString())
                    .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Files.writeString(home.resolve(OWNER_FILE), ProcessHandle.current().pid() + " " + process.pid() + "\n");
            URI uri = URI.create("http://127.0.0.1:" + port);
            MlflowServer server = new MlflowServer(process, home, uri);
            server.awaitHealthy(log);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start an MLflow server: " + e.getMessage(), e);
        }
    }

    /** Polls {@code /health}: the first start migrates the database, so allow it minutes on a loaded machine (a minute under load, ten seconds idle). */
    private void awaitHealthy(Path log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) break;
            try {
                var response = http.send(HttpRequest.newBuilder(uri.resolve("/health")).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String tail = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        stop();
        throw new IllegalStateException("the MLflow server on " + uri + " did not become healthy"
                + (process.isAlive() ? " within 180 s" : " (exit " + process.exitValue() + ")") + "; its log:\n"
                + tail.substring(Math.max(0, tail.length() - 4000)));
    }

    private static Path setUp() {
        Path root = StockTools.repoRoot();
        try {
            Process p = new ProcessBuilder(root.resolve("bin/setup-mlflow").toString()).directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("bin/setup-mlflow failed (exit " + p.exitValue() + "); the MLflow tests need it");
            }
            String[] lines = out.split("\n");
            return Path.of(lines[lines.length - 1].trim());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run bin/setup-mlflow: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up MLflow", e);
        }
    }

    /** Stops the server and whatever workers it started, then deletes its directory. */
    private void stop() {
        stopTree(process.toHandle());
        try {
            FileTree.delete(home);
        } catch (IOException ignored) {
            // in the temp dir; a leftover is harmless
        }
    }

    private static void stopTree(ProcessHandle server) {
        List<ProcessHandle> all = Stream.concat(server.descendants(), Stream.of(server)).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    /** Stops the servers of test JVMs that died without stopping them. */
    static void stopOrphans() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path home : dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                Path owner = home.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) continue;
                String[] pids = Files.readString(owner).trim().split(" ");
                if (pids.length != 2) continue;
                long jvm = Long.parseLong(pids[0]);
                if (ProcessHandle.of(jvm).map(ProcessHandle::isAlive).orElse(false)) continue;
                // Only if the pid is still an MLflow server: a pid may have been reused since.
                ProcessHandle.of(Long.parseLong(pids[1]))
                        .filter(h -> h.info().commandLine().map(c -> c.contains("mlflow")).orElse(false))
                        .ifPresent(MlflowServer::stopTree);
                FileTree.delete(home);
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("could not look for orphaned MLflow servers in " + tmp + ": " + e.getMessage());
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }
}
