package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.conf.StoragePath;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.predictions.PredictionTables;
import io.pitstop.engine.predictions.TableVersion;
import io.pitstop.engine.run.ResourcePool;
import io.pitstop.engine.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

@Command(name = "predictions", mixinStandardHelpOptions = true,
        description = "Prediction tables: their versions and restoring an earlier one.",
        subcommands = {PredictionsCommand.History.class, PredictionsCommand.Rollback.class})
final class PredictionsCommand {

    /** The table's location: a path relative to the project, or a filesystem URI used as it is. */
    static String table(ProjectOptions project, String table, PredictionTables tables) {
        String resolved = StoragePath.resolve(project.projectDir, table);
        if (!StoragePath.isUri(resolved) && !Files.isDirectory(Path.of(resolved).resolve("_delta_log"))) {
            throw new InvalidInputException(resolved + " is not a prediction table (no _delta_log directory)");
        }
        if (StoragePath.isUri(resolved) && !tables.isTable(resolved)) {
            throw new InvalidInputException(resolved + " is not a prediction table (no Delta log there)");
        }
        return resolved;
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Lists a prediction table's versions, newest first, with the run and model that wrote each.")
    static final class History implements Callable<Integer> {
        @Parameters(paramLabel = "<table>", description = "The table's directory, e.g. .pitstop/tables/churn_predictions,"
                + " or its filesystem URI (hdfs://..., s3a://...).")
        String table;

        @Option(names = "--json", description = "Print the versions as JSON.")
        boolean json;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws Exception {
            try (var p = project.open(); var resources = new ResourcePool(p.profile, p.dir)) {
                PredictionTables tables = resources.get(PredictionTables.class);
                String dir = table(project, table, tables);
                List<TableVersion> versions = tables.history(dir);
                if (json) {
                    ObjectNode root = Json.MAPPER.createObjectNode().put("format_version", 1).put("table", dir);
                    root.set("versions", Json.MAPPER.valueToTree(versions));
                    System.out.println(Json.PRETTY.writeValueAsString(root));
                    return RunOutcome.EXIT_OK;
                }
                System.out.printf("%-8s %-20s %-8s %-24s %-14s %s%n", "VERSION", "COMMITTED", "OPERATION", "RUN",
                        "MODEL", "ROWS");
                for (TableVersion v : versions) {
                    System.out.printf("%-8d %-20s %-8s %-24s %-14s %s%n", v.version(),
                            v.committedAt().toString().substring(0, 19).replace('T', ' '), v.operation(),
                            v.runId() == null ? "-" : v.runId(),
                            v.model() == null ? "-" : v.model() + " " + v.modelVersion(),
                            v.rows() == null ? "-" : v.rows());
                }
                return RunOutcome.EXIT_OK;
            }
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Restores an earlier version of a prediction table as a new version, in one commit.",
                    "Later versions stay in the history."})
    static final class Rollback implements Callable<Integer> {
        @Parameters(paramLabel = "<table>", description = "The table's directory or filesystem URI.")
        String table;

        @Option(names = "--to", required = true, paramLabel = "<version-or-run>",
                description = "A table version number, or the id of the scoring run whose predictions to restore.")
        String to;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (var p = project.open(); var resources = new ResourcePool(p.profile, p.dir)) {
                PredictionTables tables = resources.get(PredictionTables.class);
                String dir = table(project, table, tables);
                List<TableVersion> versions = tables.history(dir);
                TableVersion target = versions.stream()
                        .filter(v -> to.matches("\\d+") ? v.version() == Long.parseLong(to)
                                : Objects.equals(v.runId(), to))
                        .findFirst()
                        .orElseThrow(() -> new InvalidInputException("no version " + to + " in " + dir
                                + "; versions: " + versions.stream().map(v -> v.version()
                                + (v.runId() == null ? "" : " (run " + v.runId() + ")")).toList()));
                long now = tables.restore(dir, target.version());
                System.out.println("restored " + dir + " to version " + target.version()
                        + (target.runId() == null ? "" : " (run " + target.runId() + ", " + target.model() + " "
                        + target.modelVersion() + ")") + " as version " + now);
                return RunOutcome.EXIT_OK;
            }
        }
    }
}
