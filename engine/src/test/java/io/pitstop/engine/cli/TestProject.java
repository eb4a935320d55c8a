package io.pitstop.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A project directory as {@code pitstop} expects one: {@code conf/local.yaml} pointing the run store
 * at an SQLite file in the project, and pipelines written by the test. Commands are run against it
 * with {@code --project}, so tests never depend on the working directory.
 */
record TestProject(Path dir) {

    /** Two writes and a check: the check fails while FAIL exists, or stops the run when {@code stop}. */
    static final String PIPELINE = """
            pipeline: p
            model: { name: m }
            steps:
              - id: first
                uses: testkit.write
                with: { text: "a" }
              - id: second
                uses: testkit.write
                needs: [first]
                with: { text: "-b" }
              - id: check
                uses: testkit.check
                needs: [second]
                with: { stop: %s }
            """;

    static TestProject create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(dir.resolve("conf/local.yaml"), """
                state_dir: .pitstop
                store: {url: jdbc:sqlite:.pitstop/pitstop.db}
                """);
        return new TestProject(dir);
    }

    /** Writes {@code pipelines/<name>} and returns its path relative to the project. */
    String pipeline(String name, String yaml) throws IOException {
        Files.writeString(dir.resolve("pipelines").resolve(name), yaml);
        return "pipelines/" + name;
    }

    String pipeline(boolean stop) throws IOException {
        return pipeline("p.yaml", PIPELINE.formatted(stop));
    }

    /** Runs the CLI with {@code --project} set to this directory after the given arguments. */
    CliResult cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--project";
        all[args.length + 1] = dir.toString();
        return CliResult.execute(all);
    }

    /** A signed package churn-1.0.0 in {@code .pitstop/packages}, with the keys the local profile names. */
    io.pitstop.engine.pkg.ModelPackage writePackage() throws IOException {
        Path staging = Files.createDirectories(dir.resolve("staging/model"));
        Files.writeString(staging.resolve("network.zip"), "weights");
        var keys = io.pitstop.engine.pkg.PackageKeys.of(io.pitstop.engine.conf.ProfileLoader.load(dir, "local"));
        return new io.pitstop.engine.pkg.PackageWriter(dir.resolve(".pitstop/packages"), keys).write(dir.resolve("staging"),
                io.pitstop.engine.pkg.PackageManifest.of("churn", io.pitstop.engine.pkg.SemVer.parse("1.0.0"),
                        java.time.Instant.EPOCH, java.util.Map.of(), null, java.util.Map.of()));
    }

    void failMarker(boolean present) throws IOException {
        Path marker = dir.resolve(io.pitstop.engine.testkit.MarkerCheckStep.FAIL_MARKER);
        if (present) Files.writeString(marker, "");
        else Files.deleteIfExists(marker);
    }
}
