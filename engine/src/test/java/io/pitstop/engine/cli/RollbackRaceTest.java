package io.pitstop.engine.cli;

/** {@link RollbackRaceBehaviour} on the embedded default, an SQLite file in the project. */
class RollbackRaceTest extends RollbackRaceBehaviour {

    @Override
    String storeSection() {
        return "store: {url: jdbc:sqlite:.pitstop/pitstop.db}\n";
    }
}
