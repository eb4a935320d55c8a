package io.pitstop.engine.registry;

import io.pitstop.engine.testkit.DatabaseUnderTest;

/** {@link AuditAnchorBehaviour} on the embedded default, an SQLite file. */
class AuditAnchorTest extends AuditAnchorBehaviour {

    @Override
    DatabaseUnderTest database() {
        return DatabaseUnderTest.SQLITE;
    }
}
