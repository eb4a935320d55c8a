package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.conf.StoragePath;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.predictions.ErasureKeys;
import io.pitstop.engine.predictions.ErasureRefusedException;
import io.pitstop.engine.predictions.PredictionErasure;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

@Command(name = "predictions", mixinStandardHelpOptions = true,
        description = "Prediction tables: their versions, restoring an earlier one, erasing subjects.",
        subcommands = {PredictionsCommand.History.class, PredictionsCommand.Rollback.class, PredictionsCommand.Erase.class})
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

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = {"Erases subjects (rows by key) from a prediction table: from its current version in one commit,"
                    + " then every older data file is deleted from disk, with an audit entry that holds counts, never keys.",
                    "This ENDS TIME TRAVEL to the versions before the erasure: their files are gone.",
                    "Takes the lock of every pipeline that scores into the table.",
                    "Exit 0 erased, 2 refused (bad key, unknown table or column; nothing written), 3 no row held any key"
                            + " (nothing written), 1 failed."})
    static final class Erase implements Callable<Integer> {
        /** No row anywhere in the table held a key: nothing written, nothing audited. */
        static final int EXIT_NOTHING_HELD = 3;

        @Parameters(paramLabel = "<table>", description = "The table's directory or filesystem URI.")
        String table;

        @Option(names = "--key", paramLabel = "<value>", description = "A key to erase (repeatable).")
        List<String> keys = new ArrayList<>();

        @Option(names = "--keys-file", paramLabel = "<file>",
                description = "A UTF-8 file of keys, one per line; any bad line (blank, surrounding spaces) refuses all.")
        Path keysFile;

        @Option(names = "--key-column", paramLabel = "<column>",
                description = "The column the keys are matched in. Default: the table's first column (scoring writes the key there).")
        String keyColumn;

        @Option(names = "--actor", paramLabel = "<name>", description = "Who the audit log names. Default: the OS user.")
        String actor = System.getProperty("user.name", "pitstop");

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            ErasureKeys subjects;
            try {
                subjects = ErasureKeys.of(keys, keysFile == null ? null : project.projectDir.resolve(keysFile));
            } catch (ErasureRefusedException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
            try (var p = project.open(); var resources = new ResourcePool(p.profile, p.dir)) {
                PredictionTables tables = resources.get(PredictionTables.class);
                String dir = table(project, table, tables);
                PredictionErasure.Erasure done;
                try {
                    done = new PredictionErasure(tables, p.registry, p.store, p.profile.stateDir())
                            .erase(dir, keyColumn, subjects, actor);
                } catch (ErasureRefusedException e) {
                    throw new InvalidInputException(e.getMessage(), e);
                }
                var rows = done.rows();
                if (!rows.found()) {
                    System.out.println("0 rows erased: no row of " + dir + " (any version still on disk) holds any of the "
                            + done.keys() + " keys in column " + rows.keyColumn() + "; nothing written");
                    return EXIT_NOTHING_HELD;
                }
                System.out.println("erased " + rows.currentRows() + " rows from " + dir + " (version " + rows.versionBefore()
                        + (rows.versionAfter() != rows.versionBefore() ? " -> " + rows.versionAfter() : "") + ") and "
                        + rows.olderFileRows() + " rows in older versions' files; " + rows.filesRemoved()
                        + " data files deleted");
                System.out.println("time travel to versions before " + rows.versionAfter()
                        + " has ended: their data files are gone");
                if (rows.logFilesNamingKeys() > 0) {
                    System.out.println("warning: " + rows.logFilesNamingKeys() + " files of the Delta log (commits, checkpoints) still name an"
                            + " erased key in per-file statistics (the table keeps statistics on its key column); Delta"
                            + " deletes them once they pass delta.logRetentionDuration, at a checkpoint");
                }
                System.out.println("audited against " + done.model() + " " + done.modelVersion() + " (no key values recorded)");
                return RunOutcome.EXIT_OK;
            }
        }
    }
}
