package io.pitstop.engine.cli;

/** {@link DiedRunBehaviour} on the default store, an SQLite file in the project. */
class DiedRunTest extends DiedRunBehaviour {

    @Override
    String storeSection() {
        return "store: {url: jdbc:sqlite:.pitstop/pitstop.db}\n";
    }
}
