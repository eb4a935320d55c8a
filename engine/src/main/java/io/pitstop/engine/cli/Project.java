package io.pitstop.engine.cli;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.registry.AuditHeadFile;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.store.RunStore;
import io.pitstop.engine.store.SqlRunStore;

import java.nio.file.Path;

/**
 * A project directory opened under a profile: the profile's settings and the run store and registry
 * it points at. Commands open one, use it and close it. The one place in the CLI that names the SQL
 * implementations; commands see the {@link RunStore} and {@link Registry} interfaces (ArchitectureTest).
 */
final class Project implements AutoCloseable {

    final Path dir;
    final Profile profile;
    final RunStore store;
    final Registry registry;

    private Project(Path dir, Profile profile, RunStore store, Registry registry) {
        this.dir = dir;
        this.profile = profile;
        this.store = store;
        this.registry = registry;
    }

    static Project open(Path dir, String profileName) {
        Path root = dir.toAbsolutePath().normalize();
        Profile profile;
        try {
            profile = ProfileLoader.load(root, profileName);
        } catch (IllegalArgumentException e) {
            // A missing or unreadable profile is a wrong --profile or --project, not a broken run.
            throw new InvalidInputException(e.getMessage(), e);
        }
        SqlRunStore store;
        try {
            store = SqlRunStore.open(profile);
        } catch (IllegalArgumentException e) {
            // A store the profile names wrongly (an unset ${VARIABLE}, an in-memory URL) is bad input too.
            throw new InvalidInputException(e.getMessage(), e);
        }
        // Before any command reads runs: a run whose process was killed shows DIED, not RUNNING forever.
        io.pitstop.engine.store.DiedRuns.markOnThisHost(store, store.clock());
        return new Project(root, profile, store, new SqlRegistry(store, AuditHeadFile.of(profile)));
    }

    @Override
    public void close() {
        store.close();
    }
}
