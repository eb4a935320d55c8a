package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./pitstop data versions data/telco_churn.csv}: which versions of a dataset runs recorded,
 * so "which data did this model train on, and how do I get it back?" has an answer.
 */
@Command(name = "data", mixinStandardHelpOptions = true, description = "The data versions runs recorded.",
        subcommands = {DataCommand.Versions.class})
final class DataCommand {

    @Command(name = "versions", mixinStandardHelpOptions = true,
            description = "Lists the versions of a dataset recorded by runs (data.version, data.restore and data.fetch steps), newest first.")
    static final class Versions implements Callable<Integer> {
        @Parameters(paramLabel = "<dataset>", description = "The tracked file, relative to the project (its .dvc file works too).")
        String dataset;

        @Option(names = "--json", description = "Print the versions as JSON.")
        boolean json;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws Exception {
            try (Project p = project.open()) {
                String wanted = datasetPath(p.dir, dataset);
                List<RecordedDataVersion> versions = new ArrayList<>();
                List<String> unreadable = new ArrayList<>();
                // Any step that recorded a data version (data.version, data.restore, data.fetch, or a kind added
                // later). CACHED steps reuse an earlier run's record; listing them would repeat that version.
                for (StepRecord step : p.store.stepsWithOutput(DataVersion.ARTIFACT.name())) {
                    if (step.status() != StepStatus.SUCCEEDED) continue;
                    try {
                        RecordedDataVersion.of(step).filter(v -> v.path().equals(wanted)).ifPresent(versions::add);
                    } catch (IOException e) {
                        unreadable.add(step.runId() + "/" + step.stepId() + " (" + e.getMessage() + ")");
                    }
                }
                versions.sort(Comparator.comparing(RecordedDataVersion::recordedAt,
                        Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(RecordedDataVersion::runId,
                        Comparator.reverseOrder()));
                if (!unreadable.isEmpty()) {
                    System.err.println("pitstop: skipped " + unreadable.size() + " recorded version(s) whose"
                            + " data-version.json cannot be read: " + String.join(", ", unreadable));
                }
                if (json) {
                    ObjectNode out = Json.MAPPER.createObjectNode().put("format_version", 1).put("dataset", wanted);
                    out.set("versions", Json.MAPPER.valueToTree(versions));
                    System.out.println(Json.PRETTY.writeValueAsString(out));
                } else if (versions.isEmpty()) {
                    System.out.println("no recorded versions of " + wanted + ": a run records one with a data.version"
                            + " step whose path is " + wanted);
                } else {
                    print(versions);
                }
                return RunOutcome.EXIT_OK;
            }
        }
    }

    private static void print(List<RecordedDataVersion> versions) {
        String format = "%-22s %-19s %-12s %-32s %10s %-12s %s%n";
        System.out.printf(format, "RUN", "RECORDED", "STEP", "MD5", "BYTES", "COMMIT", "REMOTE");
        for (RecordedDataVersion v : versions) {
            System.out.printf(format, v.runId(),
                    v.recordedAt() == null ? "-" : v.recordedAt().toString().substring(0, 19).replace('T', ' '),
                    v.kind(), v.md5(), v.size() < 0 ? "-" : String.valueOf(v.size()),
                    v.gitCommit() == null ? "-" : v.gitCommit().substring(0, Math.min(12, v.gitCommit().length())),
                    v.remote() == null ? "(not pushed)" : v.remote());
        }
    }

    /** The dataset as data-version.json names it: relative to the project, '/'-separated, without ".dvc". */
    static String datasetPath(Path projectDir, String argument) {
        Path given = Path.of(argument);
        Path relative = given.isAbsolute() ? projectDir.relativize(given.normalize()) : given.normalize();
        String path = relative.toString().replace('\\', '/');
        if (path.startsWith("..") || path.isEmpty()) {
            throw new InvalidInputException("dataset " + argument + " is not inside the project " + projectDir);
        }
        return path.endsWith(".dvc") ? path.substring(0, path.length() - ".dvc".length()) : path;
    }
}
