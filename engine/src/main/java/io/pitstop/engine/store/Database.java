package io.pitstop.engine.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL database shared by the run store and the registry: it knows its JDBC URL, opens a fresh
 * connection per operation (cheap for an embedded file, and nothing to leak or share between
 * threads), migrates the schema with Flyway on open, and runs units of work in transactions.
 *
 * <p>Writers are serialized on every dialect, because units of work read the state they change
 * (the audit log's next sequence number and the hash of its last entry, the champion a promotion
 * replaces). On SQLite every connection uses WAL (readers never block the writer), a 30 s busy
 * timeout (a second process waits instead of failing) and {@code BEGIN IMMEDIATE} transactions: a
 * writer takes the write lock before it reads, so two promotions are serialized instead of
 * deadlocking on a lock upgrade. On PostgreSQL each write transaction first takes one
 * transaction-scoped advisory lock (waiting at most the same 30 s), the same one-writer-at-a-time
 * rule across every process and machine that shares the database; readers never wait. The
 * constraints (one production version per model, the audit log's primary key) and the retry in
 * {@link #write} stay as the last line of defence.
 */
public final class Database {

    /** How long a connection waits for another writer before giving up. */
    public static final int BUSY_TIMEOUT_MILLIS = 30_000;
    private static final int WRITE_ATTEMPTS = 5;
    /** Flyway is not safe to run twice at once on one file inside a JVM; processes retry instead. */
    private static final Object MIGRATION_LOCK = new Object();

    /** The SQL dialects the schema is written for; each may add its own migrations under db/vendor. */
    public enum Dialect {
        SQLITE("sqlite"), POSTGRESQL("postgresql"), OTHER(null);

        private final String vendorDir;

        Dialect(String vendorDir) {
            this.vendorDir = vendorDir;
        }

        static Dialect of(String jdbcUrl) {
            String u = jdbcUrl.toLowerCase(Locale.ROOT);
            if (u.startsWith("jdbc:sqlite:")) return SQLITE;
            if (u.startsWith("jdbc:postgresql:")) return POSTGRESQL;
            return OTHER;
        }
    }

    /** One unit of work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** The key of the PostgreSQL advisory lock every Pitstop writer takes: "pitstop" in ASCII. */
    static final long WRITER_LOCK_KEY = 0x70697473746f70L;

    private final StoreLocation location;
    private final String url;
    private final Dialect dialect;
    private final SQLiteDataSource sqlite;

    private Database(StoreLocation location) {
        this.location = location;
        this.url = location.url();
        this.dialect = Dialect.of(url);
        this.sqlite = dialect == Dialect.SQLITE ? sqliteDataSource(url) : null;
    }

    /**
     * Opens the database at a JDBC URL, creating the parent directories of an SQLite file, and brings
     * its schema up to date. Opening an up-to-date database again changes nothing.
     */
    public static Database open(String jdbcUrl) {
        return open(StoreLocation.of(jdbcUrl));
    }

    /** Opens the database at a location (URL plus optional user and password); see {@link #open(String)}. */
    public static Database open(StoreLocation location) {
        Database db = new Database(location);
        if (db.dialect == Dialect.SQLITE) db.createParentDirectories();
        db.migrate();
        return db;
    }

    public String url() {
        return url;
    }

    public StoreLocation location() {
        return location;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A new connection in auto-commit mode; the caller closes it. */
    public Connection connect() throws SQLException {
        if (sqlite != null) return sqlite.getConnection();
        return location.hasCredentials()
                ? DriverManager.getConnection(url, location.user(), location.password())
                : DriverManager.getConnection(url);
    }

    /** Runs read-only work in auto-commit mode. */
    public <T> T read(String operation, Work<T> work) {
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(operation, location.toString(), e);
        }
    }

    /**
     * Runs work in one transaction and commits it, or rolls it back when it throws. A transaction
     * that lost a race (the database was busy, or a unique constraint such as "one production version
     * per model" was hit by a concurrent writer) is run again from the start, so work must read the
     * state it depends on inside the transaction.
     */
    public <T> T write(String operation, Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                try {
                    if (dialect == Dialect.POSTGRESQL) takeWriterLock(c);
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (!isLostRace(e)) throw new StoreException(operation, location.toString(), e);
                last = e;
                pause(attempt);
            }
        }
        throw new StoreException(operation + " (gave up after " + WRITE_ATTEMPTS + " attempts)", location.toString(), last);
    }

    /**
     * PostgreSQL: one writer at a time, like SQLite's write lock. The lock is released by the commit or
     * rollback; a writer that waits longer than the busy timeout fails with 55P03 and is retried.
     */
    private static void takeWriterLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '" + BUSY_TIMEOUT_MILLIS + "ms'");
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            s.setLong(1, WRITER_LOCK_KEY);
            s.execute();
        }
    }

    private boolean isLostRace(SQLException e) {
        if (e instanceof SQLiteException s) {
            int primary = s.getResultCode().code & 0xff;
            return primary == SQLiteErrorCode.SQLITE_BUSY.code
                    || primary == SQLiteErrorCode.SQLITE_LOCKED.code
                    || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        }
        String state = e.getSQLState();
        // 23505 unique violation, 40001 serialization failure, 40P01 deadlock, 55P03 lock timeout (PostgreSQL codes).
        return "23505".equals(state) || "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state);
    }

    private void migrate() {
        List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));
        if (dialect.vendorDir != null) locations.add("classpath:db/vendor/" + dialect.vendorDir);
        var configuration = Flyway.configure(Database.class.getClassLoader())
                .locations(locations.toArray(String[]::new))
                .failOnMissingLocations(false)
                // Through SLF4J like the rest of Pitstop, not straight to stderr via java.util.logging.
                .loggers("slf4j");
        Flyway flyway = (sqlite != null ? configuration.dataSource(sqlite)
                : configuration.dataSource(url, location.user(), location.password())).load();
        // Two processes opening a fresh file at the same moment can both try to create Flyway's
        // history table; the loser finds the schema there on its next attempt.
        synchronized (MIGRATION_LOCK) {
            FlywayException last = null;
            for (int attempt = 1; attempt <= 3; attempt++) {
                try {
                    flyway.migrate();
                    return;
                } catch (FlywayException e) {
                    last = e;
                    pause(attempt);
                }
            }
            throw new StoreException("migrate the schema", location.toString(), last);
        }
    }

    private void createParentDirectories() {
        Path file = sqliteFile(url);
        if (file == null) {
            throw new IllegalArgumentException("in-memory SQLite (" + url + ") cannot hold a run store: every operation "
                    + "opens its own connection, so use a file URL such as jdbc:sqlite:.pitstop/pitstop.db");
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("create the directory " + parent, url, e);
        }
    }

    /** The file of an SQLite URL ({@code jdbc:sqlite:path?options}), or null for an in-memory database. */
    static Path sqliteFile(String url) {
        String rest = url.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            if (rest.substring(query).contains("mode=memory")) return null;
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) rest = rest.substring("file:".length());
        if (rest.isEmpty() || rest.equals(":memory:")) return null;
        return Path.of(rest);
    }

    private static SQLiteDataSource sqliteDataSource(String url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The URL and user; never the password. */
    @Override
    public String toString() {
        return location.toString();
    }
}
