package io.pitstop.engine.registry;

import io.pitstop.engine.testkit.PostgresServer;
import org.junit.jupiter.api.Tag;

import java.util.Map;

/**
 * {@link TwoProcessPromotionBehaviour} on a real PostgreSQL server: the profile names the user and
 * password as environment variables, and each process gets them in its environment.
 */
@Tag("postgres")
class PostgresTwoProcessPromotionTest extends TwoProcessPromotionBehaviour {

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
