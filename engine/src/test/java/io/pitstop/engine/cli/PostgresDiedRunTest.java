package io.pitstop.engine.cli;

import io.pitstop.engine.testkit.PostgresServer;
import org.junit.jupiter.api.Tag;

/** {@link DiedRunBehaviour} on a real PostgreSQL server, the killed process and the CLI on the same host. */
@Tag("postgres")
class PostgresDiedRunTest extends DiedRunBehaviour {

    @Override
    String storeSection() {
        PostgresServer server = PostgresServer.shared();
        return "store: {url: \"" + server.urlWithCredentials(server.newDatabase()) + "\"}\n";
    }
}
