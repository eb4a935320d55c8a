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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL database shared by the run store and the registry: it knows its JDBC URL, opens a fresh
 * connection per operation (cheap for an embedded file, and nothing to leak or share between
 * threads), migrates the schema with Flyway on open, and runs units of work in transactions.
 *
 * <p>On SQLite every connection uses WAL (readers never block the writer), a 30 s busy timeout
 * (a second process waits instead of failing) and {@code BEGIN IMMEDIATE} transactions: a writer
 * takes the write lock before it reads, so two promotions are serialized instead of deadlocking on
 * a lock upgrade. Other databases rely on their constraints plus the retry in {@link #write}.
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

    private final String url;
    private final Dialect dialect;
    private final SQLiteDataSource sqlite;

    private Database(String url) {
        this.url = url;
        this.dialect = Dialect.of(url);
        this.sqlite = dialect == Dialect.SQLITE ? sqliteDataSource(url) : null;
    }

    /**
     * Opens the database at a JDBC URL, creating the parent directories of an SQLite file, and brings
     * its schema up to date. Opening an up-to-date database again changes nothing.
     */
    public static Database open(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("store.url is empty: expected a JDBC URL such as jdbc:sqlite:.pitstop/pitstop.db");
        }
        Database db = new Database(jdbcUrl);
        if (db.dialect == Dialect.SQLITE) db.createParentDirectories();
        db.migrate();
        return db;
    }

    public String url() {
        return url;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A new connection in auto-commit mode; the caller closes it. */
    public Connection connect() throws SQLException {
        return sqlite != null ? sqlite.getConnection() : DriverManager.getConnection(url);
    }

    /** Runs read-only work in auto-commit mode. */
    public <T> T read(String operation, Work<T> work) {
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(operation, url, e);
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
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (!isLostRace(e)) throw new StoreException(operation, url, e);
                last = e;
                pause(attempt);
            }
        }
        throw new StoreException(operation + " (gave up after " + WRITE_ATTEMPTS + " attempts)", url, last);
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
        // 23505 unique violation, 40001 serialization failure, 40P01 deadlock (PostgreSQL codes).
        return "23505".equals(state) || "40001".equals(state) || "40P01".equals(state);
    }

    private void migrate() {
        List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));
        if (dialect.vendorDir != null) locations.add("classpath:db/vendor/" + dialect.vendorDir);
        var configuration = Flyway.configure(Database.class.getClassLoader())
                .locations(locations.toArray(String[]::new))
                .failOnMissingLocations(false)
                // Through SLF4J like the rest of Pitstop, not straight to stderr via java.util.logging.
                .loggers("slf4j");
        Flyway flyway = (sqlite != null ? configuration.dataSource(sqlite) : configuration.dataSource(url, null, null)).load();
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
            throw new StoreException("migrate the schema", url, last);
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

    @Override
    public String toString() {
        return url;
    }
}
