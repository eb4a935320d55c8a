package io.pitstop.engine.registry;

import io.pitstop.engine.testkit.DatabaseUnderTest;
import org.junit.jupiter.api.Tag;

/** {@link AuditAnchorBehaviour} on a real PostgreSQL server started for this JVM. */
@Tag("postgres")
class PostgresAuditAnchorTest extends AuditAnchorBehaviour {

    @Override
    DatabaseUnderTest database() {
        return DatabaseUnderTest.POSTGRESQL;
    }
}
