package io.pitstop.engine.registry;

import io.pitstop.engine.testkit.DatabaseUnderTest;
import org.junit.jupiter.api.Tag;

/** {@link RegistryGovernanceBehaviour} on a real PostgreSQL server started for this JVM. */
@Tag("postgres")
class PostgresRegistryGovernanceTest extends RegistryGovernanceBehaviour {

    @Override
    DatabaseUnderTest database() {
        return DatabaseUnderTest.POSTGRESQL;
    }
}
