package io.pitstop.engine.run;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.store.SqlRunStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A project directory with a real SQLite run store and registry, and a quiet runner over them. */
record RunnerProject(Path dir, SqlRunStore store, Runner runner) implements AutoCloseable {

    static RunnerProject open(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("pipelines"));
        var profile = new Profile("test", dir, Map.of("state_dir", ".state"));
        var store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve(".state/runs.db"));
        return new RunnerProject(dir, store, new Runner(store, new SqlRegistry(store), profile,
                new ResourcePool(profile, dir), ConsoleReporter.quiet(new PrintStream(new ByteArrayOutputStream())),
                Clock.systemUTC()));
    }

    /** Writes {@code pipelines/p.yaml} and runs it, with the given step kinds as the whole catalog. */
    RunOutcome run(String pipelineYaml, io.pitstop.engine.step.Step<?>... kinds) throws Exception {
        Path file = dir.resolve("pipelines/p.yaml");
        Files.writeString(file, pipelineYaml);
        return runner.run(new io.pitstop.engine.spec.PipelineLoader(io.pitstop.engine.spec.StepCatalog.of(kinds))
                .load(file, dir));
    }

    @Override
    public void close() {
        store.close();
    }
}
