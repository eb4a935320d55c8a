package io.pitstop.engine.cli;

import io.pitstop.engine.testkit.PostgresServer;
import org.junit.jupiter.api.Tag;

import java.util.Map;

/** {@link RollbackRaceBehaviour} on a real PostgreSQL server; the processes get the credentials in their environment. */
@Tag("postgres")
class PostgresRollbackRaceTest extends RollbackRaceBehaviour {

    private final PostgresServer server = PostgresServer.shared();
    private final String database = server.newDatabase();

    @Override
    String storeSection() {
        return "store:\n  url: " + server.url(database) + "\n  user: ${PITSTOP_TEST_DB_USER}\n  password: ${PITSTOP_TEST_DB_PASSWORD}\n";
    }

    @Override
    Map<String, String> environment() {
        return Map.of("PITSTOP_TEST_DB_USER", PostgresServer.USER, "PITSTOP_TEST_DB_PASSWORD", server.password());
    }
}
