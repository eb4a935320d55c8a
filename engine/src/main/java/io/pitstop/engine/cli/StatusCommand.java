package io.pitstop.engine.cli;

import io.pitstop.engine.run.LockFile;
import io.pitstop.engine.run.PipelineStatus;
import io.pitstop.engine.spec.CheckedPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Says, per step, whether './pitstop run' would run it now and why: never run, or which input,",
                "param, code or upstream step changed, or that its cached outputs no longer hold (like 'dvc status').",
                "Compares with the lock file beside the pipeline (pipelines/x.lock, written by every run), or without",
                "one, with the run store. Runs no step: it reads only what steps fingerprint (input files, the registry).",
                "Exit 0, whatever the answer; 2 invalid pipeline."})
final class StatusCommand implements Callable<Integer> {

    /** The version of the --json document; raised when a field changes meaning or goes away. */
    static final int FORMAT_VERSION = 1;

    @Parameters(paramLabel = "<pipeline.yaml>",
            description = "The pipeline file, relative to the project directory, e.g. pipelines/telco-churn.yaml.")
    Path pipeline;

    @Option(names = "--json", description = "Print the status as JSON (snake_case, with a format_version).")
    boolean json;

    @Mixin
    ProjectOptions project;

    /** The --json document. */
    record Document(int formatVersion, String pipeline, String comparedWith, String lockFile, long wouldRun,
                    List<Step> steps) {
    }

    record Step(String step, String kind, String verdict, boolean wouldRun, String cachedFromRun, List<Reason> reasons) {
    }

    record Reason(String cause, String name, String before, String now, String text) {
    }

    @Override
    public Integer call() throws Exception {
        Path file = PipelineFile.resolve(project.projectDir, pipeline);
        // A SpecException goes to PitstopCli: one path:line:column line per problem, exit 2.
        CheckedPipeline checked = CheckCommand.load(file, project.projectDir, project.profile);
        PipelineStatus status;
        try (var session = ProjectRunner.open(project)) {
            status = session.runner.status(checked);
        }
        String lock = project.projectDir.toAbsolutePath().normalize()
                .relativize(LockFile.beside(checked.spec().file()).toAbsolutePath().normalize()).toString();
        if (json) {
            System.out.println(io.pitstop.engine.json.Json.PRETTY.writeValueAsString(document(status, lock)));
            return 0;
        }
        String comparedWith = status.comparedWith().equals("lock_file") ? lock : "the run store";
        System.out.println("pipeline " + status.pipeline() + ", compared with "
                + (status.comparedWith().equals("lock_file") ? lock : "the run store (no " + lock + " yet)"));
        int width = status.steps().stream().mapToInt(s -> s.step().length()).max().orElse(0);
        for (var s : status.steps()) {
            String reasons = s.reasons().stream().map(PipelineStatus.Reason::describe).collect(Collectors.joining("; "));
            String line = switch (s.verdict()) {
                case UP_TO_DATE -> "up to date";
                case CACHED -> "cached: run " + s.cachedFromRun() + " had these inputs"
                        + (reasons.isEmpty() ? "" : " (changed since " + comparedWith + ": " + reasons + ")");
                case WOULD_RUN -> "would run: " + reasons;
            };
            System.out.println("  " + String.format("%-" + width + "s", s.step()) + "  " + line);
        }
        System.out.println(status.wouldRun() == 0 ? "nothing would run"
                : status.wouldRun() + " of " + status.steps().size() + " steps would run");
        return 0;
    }

    static Document document(PipelineStatus status, String lockFile) {
        return new Document(FORMAT_VERSION, status.pipeline(), status.comparedWith(), lockFile, status.wouldRun(),
                status.steps().stream().map(s -> new Step(s.step(), s.kind(), s.verdict().name().toLowerCase(Locale.ROOT),
                        s.wouldRun(), s.cachedFromRun(), s.reasons().stream().map(r -> new Reason(
                        r.cause().name().toLowerCase(Locale.ROOT), r.name(), r.before(), r.now(), r.describe())).toList()))
                        .toList());
    }
}
