package io.pitstop.engine.cli;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.store.SqlRunStore;

import java.nio.file.Path;

/**
 * A project directory opened under a profile: the profile's settings and the run store and registry
 * it points at. Commands open one, use it and close it.
 */
final class Project implements AutoCloseable {

    final Path dir;
    final Profile profile;
    final SqlRunStore store;
    final Registry registry;

    private Project(Path dir, Profile profile, SqlRunStore store, Registry registry) {
        this.dir = dir;
        this.profile = profile;
        this.store = store;
        this.registry = registry;
    }

    static Project open(Path dir, String profileName) {
        Path root = dir.toAbsolutePath().normalize();
        Profile profile = ProfileLoader.load(root, profileName);
        SqlRunStore store = SqlRunStore.open(profile);
        return new Project(root, profile, store, new SqlRegistry(store));
    }

    @Override
    public void close() {
        store.close();
    }
}
