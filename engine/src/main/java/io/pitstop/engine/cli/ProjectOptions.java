package io.pitstop.engine.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every command that touches a project shares. */
final class ProjectOptions {

    @Option(names = "--project", defaultValue = ".", paramLabel = "<dir>",
            description = "The project directory (pipelines/, conf/, data-contracts/). Default: the current directory.")
    Path projectDir;

    @Option(names = "--profile", defaultValue = "local", paramLabel = "<name>",
            description = "The environment profile, conf/<name>.yaml. Default: ${DEFAULT-VALUE}.")
    String profile;

    /** The profile alone, for commands that need neither the run store nor the registry. */
    io.pitstop.engine.conf.Profile profileOnly() {
        try {
            return io.pitstop.engine.conf.ProfileLoader.load(projectDir.toAbsolutePath().normalize(), profile);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    Project open() {
        return Project.open(projectDir, profile);
    }
}
