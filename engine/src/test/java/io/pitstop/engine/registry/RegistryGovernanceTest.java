package io.pitstop.engine.registry;

import io.pitstop.engine.testkit.DatabaseUnderTest;

/** {@link RegistryGovernanceBehaviour} on the embedded default, an SQLite file. */
class RegistryGovernanceTest extends RegistryGovernanceBehaviour {

    @Override
    DatabaseUnderTest database() {
        return DatabaseUnderTest.SQLITE;
    }
}
