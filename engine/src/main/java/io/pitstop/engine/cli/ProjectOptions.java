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

    Project open() {
        return Project.open(projectDir, profile);
    }
}
