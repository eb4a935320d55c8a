package io.pitstop.engine.registry;

import io.pitstop.engine.testkit.DatabaseUnderTest;

/** {@link RegistryBehaviour} on the embedded default, an SQLite file. */
class SqlRegistryTest extends RegistryBehaviour {

    @Override
    DatabaseUnderTest database() {
        return DatabaseUnderTest.SQLITE;
    }
}
