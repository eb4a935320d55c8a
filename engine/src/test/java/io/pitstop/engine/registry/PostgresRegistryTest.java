package io.pitstop.engine.registry;

import io.pitstop.engine.testkit.DatabaseUnderTest;
import org.junit.jupiter.api.Tag;

/** {@link RegistryBehaviour} on a real PostgreSQL server started for this JVM. */
@Tag("postgres")
class PostgresRegistryTest extends RegistryBehaviour {

    @Override
    DatabaseUnderTest database() {
        return DatabaseUnderTest.POSTGRESQL;
    }
}
