package io.pitstop.engine.testkit;

import io.pitstop.engine.pkg.FileTree;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real, throw-away PostgreSQL server for the store and registry tests: {@code initdb} into a temp
 * directory, {@code pg_ctl start} on 127.0.0.1 on a free port (unix socket in the same directory),
 * password login for the user {@value #USER}, one fresh database per {@link #newDatabase()}; stopped
 * and deleted when the test JVM exits. One server per JVM, started on first use.
 *
 * <p>The binaries are Debian's {@code postgresql} package ({@code bin/setup-postgres} installs it),
 * found under {@code /usr/lib/postgresql/<major>/bin}, or in {@code $PITSTOP_POSTGRES_BIN}. The
 * server refuses to run as root, so as root (CI) every server command runs as the package's
 * {@code postgres} user through {@code runuser}. Nothing is skipped: a server that cannot start
 * fails the test with initdb's or the server log's own words.
 *
 * <p>A test JVM killed by SIGKILL never runs its shutdown hook, so its server would outlive it; each
 * server records the JVM that owns it ({@value #OWNER_FILE}), and the next start stops and deletes
 * every server whose owner is gone.
 */
public final class PostgresServer {

    public static final String USER = "pitstop";
    static final String OWNER_FILE = "owner.pid";
    private static final String DIR_PREFIX = "pitstop-postgres-";
    private static PostgresServer shared;

    private final Path bin;
    private final Path home;
    private final int port;
    private final String password;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path home, int port, String password, boolean asPostgresUser) {
        this.bin = bin;
        this.home = home;
        this.port = port;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
    }

    /** The server of this JVM, started on first call. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-postgres"));
        }
        return shared;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** A JDBC URL of a database on this server, without credentials. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A JDBC URL with the user and password in it, as a one-string store location. */
    public String urlWithCredentials(String database) {
        return url(database) + "?user=" + USER + "&password=" + password;
    }

    /** Creates a new, empty database and returns its name. */
    public String newDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + url("postgres") + ": " + e.getMessage(), e);
        }
        return name;
    }

    private static PostgresServer start() {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        stopOrphans(bin, root);
        try {
            Path home = Files.createTempDirectory(DIR_PREFIX);
            Files.writeString(home.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            // initdb wants a data directory it owns and can make with mode 700; the parent must let it in.
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            Path pwfile = home.resolve("pwfile");
            Files.writeString(pwfile, password + "\n");
            if (root) run(List.of("chown", "-R", "postgres:postgres", home.toString()), home, "hand the directory to postgres");
            int port = freePort();
            PostgresServer server = new PostgresServer(bin, home, port, password, root);
            server.pg(List.of(bin.resolve("initdb").toString(), "-D", home.resolve("data").toString(), "-U", USER,
                    "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C",
                    "--no-sync"), "initdb");
            Files.deleteIfExists(pwfile);
            server.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", home.resolve("data").toString(), "-w", "-t", "60",
                    "-l", home.resolve("server.log").toString(), "-o",
                    "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
                    "start"), "pg_ctl start");
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not prepare a PostgreSQL server: " + e.getMessage(), e);
        }
    }

    /** Stops and deletes the servers of test JVMs that died without stopping them (SIGKILL, a crash). */
    static void stopOrphans(Path bin, boolean root) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path home : dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                Path owner = home.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) continue;
                long pid;
                try {
                    pid = Long.parseLong(Files.readString(owner).trim());
                } catch (NumberFormatException | IOException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                PostgresServer orphan = new PostgresServer(bin, home, 0, "", root);
                try {
                    if (Files.exists(home.resolve("data/postmaster.pid"))) orphan.stop();
                    else orphan.delete();
                } catch (IllegalStateException e) {
                    System.err.println("could not stop the orphaned PostgreSQL server in " + home + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            System.err.println("could not look for orphaned PostgreSQL servers in " + tmp + ": " + e.getMessage());
        }
    }

    private void stop() {
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", home.resolve("data").toString(), "-m", "immediate", "-w",
                    "stop"), "pg_ctl stop");
        } finally {
            delete();
        }
    }

    private void delete() {
        try {
            FileTree.delete(home);
        } catch (IOException ignored) {
            // The directory is in the temp dir; a leftover is harmless.
        }
    }

    /** Runs a server command, as the postgres user when this JVM is root. */
    private void pg(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(command);
        run(full, home, what);
    }

    private static void run(List<String> command, Path dir, String what) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish in 120 s: " + command);
            }
            if (p.exitValue() != 0) {
                Path log = dir.resolve("server.log");
                String serverLog = Files.isReadable(log) ? "\nserver log:\n" + Files.readString(log) : "";
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + command + "\n" + out + serverLog);
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + " could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    /** initdb and pg_ctl: {@code $PITSTOP_POSTGRES_BIN}, else the newest Debian {@code /usr/lib/postgresql/<major>/bin}. */
    static Path binaries() {
        String configured = System.getenv("PITSTOP_POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) return requireBinaries(Path.of(configured));
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> majors = Files.list(debian)) {
                var newest = majors.filter(d -> Files.isExecutable(d.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(d -> major(d.getFileName().toString())));
                if (newest.isPresent()) return requireBinaries(newest.get().resolve("bin"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + debian + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) under " + debian
                + " and PITSTOP_POSTGRES_BIN is not set: run bin/setup-postgres (installs Debian's postgresql package)");
    }

    private static Path requireBinaries(Path bin) {
        for (String tool : List.of("initdb", "pg_ctl")) {
            if (!Files.isExecutable(bin.resolve(tool))) {
                throw new IllegalStateException(bin.resolve(tool) + " is missing or not executable: run bin/setup-postgres");
            }
        }
        return bin;
    }

    private static int major(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
