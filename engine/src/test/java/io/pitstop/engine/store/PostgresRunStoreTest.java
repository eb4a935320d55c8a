package io.pitstop.engine.store;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.testkit.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.pitstop.engine.store.RunStoreBehaviour.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run store on a real PostgreSQL server started for this JVM ({@link PostgresServer}), one fresh
 * database per test: {@link RunStoreBehaviour} plus the profile's credentials from the environment.
 */
@Tag("postgres")
class PostgresRunStoreTest extends RunStoreBehaviour {

    private static final Instant T0 = Instant.parse("2026-11-22T20:15:00.123Z");

    @Override
    String newDatabaseUrl() {
        PostgresServer server = PostgresServer.shared();
        return server.urlWithCredentials(server.newDatabase());
    }

    @Test
    void theProfileTakesUserAndPasswordFromTheEnvironment() {
        PostgresServer server = PostgresServer.shared();
        String database = server.newDatabase();
        Profile profile = new Profile("shared", dir, Map.of("store.url", server.url(database),
                "store.user", "${PITSTOP_DB_USER}", "store.password", "${PITSTOP_DB_PASSWORD}"));
        StoreLocation location = StoreLocation.of(profile, Map.of("PITSTOP_DB_USER", PostgresServer.USER,
                "PITSTOP_DB_PASSWORD", server.password()));
        assertEquals(server.url(database), location.url());
        assertFalse(location.toString().contains(server.password()), location.toString());
        try (SqlRunStore store = SqlRunStore.open(location)) {
            store.createRun(run("r1", T0));
            assertEquals(Database.Dialect.POSTGRESQL, store.database().dialect());
            assertTrue(store.findRun("r1").isPresent());
        }
        // The settings keep the reference, never the secret (a trigger copies them into another profile).
        assertEquals("${PITSTOP_DB_PASSWORD}", profile.find("store.password").orElseThrow());
    }

    @Test
    void anUnsetVariableIsNamedWithItsProfileKey() {
        PostgresServer server = PostgresServer.shared();
        Profile profile = new Profile("shared", dir, Map.of("store.url", server.url("postgres"),
                "store.user", "${PITSTOP_DB_USER}", "store.password", "${PITSTOP_DB_PASSWORD}"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> StoreLocation.of(profile, Map.of("PITSTOP_DB_USER", PostgresServer.USER)));
        assertEquals("profile 'shared': store.password names the environment variable PITSTOP_DB_PASSWORD, which is not set "
                + "(export PITSTOP_DB_PASSWORD=... before running pitstop)", e.getMessage());
    }

    @Test
    void aWrongPasswordIsAStoreErrorThatNamesTheDatabaseButNeverThePassword() {
        PostgresServer server = PostgresServer.shared();
        String database = server.newDatabase();
        var e = assertThrows(StoreException.class,
                () -> SqlRunStore.open(new StoreLocation(server.url(database), PostgresServer.USER, "not-the-password")));
        assertTrue(e.getMessage().contains(server.url(database)) && e.getMessage().contains("user " + PostgresServer.USER),
                e.getMessage());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());

        var inUrl = assertThrows(StoreException.class,
                () -> SqlRunStore.open(server.url(database) + "?user=" + PostgresServer.USER + "&password=hunter2"));
        assertFalse(inUrl.getMessage().contains("hunter2"), inUrl.getMessage());
        assertTrue(inUrl.getMessage().contains("password=***"), inUrl.getMessage());
    }
}
