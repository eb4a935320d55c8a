package io.pitstop.engine.cli;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.dags.DagExporter;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "dags", mixinStandardHelpOptions = true, description = "Airflow DAGs of the pipelines.",
        subcommands = DagsCommand.Export.class)
final class DagsCommand {

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Writes dags/<pipeline>.dag.json for each pipeline (default: every pipelines/*.yaml):",
                    "one Airflow task per step, each running 'pitstop step'; dags/pitstop_dags.py loads them.",
                    "Every pipeline is checked first; if any is invalid nothing is written (exit 2)."})
    static final class Export implements Callable<Integer> {

        @Parameters(paramLabel = "<pipeline.yaml>", arity = "0..*",
                description = "Pipeline files relative to the project. Default: every pipelines/*.yaml.")
        List<Path> pipelines = new ArrayList<>();

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws IOException {
            Path dir = project.projectDir.toAbsolutePath().normalize();
            Profile profile;
            try {
                profile = ProfileLoader.load(dir, project.profile);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
            List<Path> files = pipelines.isEmpty() ? all(dir) : pipelines.stream()
                    .map(p -> PipelineFile.resolve(dir, p)).toList();
            Map<Path, String> out = new LinkedHashMap<>();
            List<Problem> problems = new ArrayList<>();
            for (Path file : files) {
                try {
                    CheckedPipeline checked = CheckCommand.load(file, dir);
                    String relative = dir.relativize(file).toString();
                    out.put(DagExporter.file(dir.resolve("dags"), checked.spec().name()),
                            DagExporter.json(DagExporter.spec(checked, relative, profile)));
                } catch (SpecException e) {
                    problems.addAll(e.problems());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(e.getMessage(), e);
                }
            }
            if (!problems.isEmpty()) {
                problems.forEach(System.err::println);
                return RunOutcome.EXIT_INVALID;
            }
            Files.createDirectories(dir.resolve("dags"));
            for (var e : out.entrySet()) {
                Files.writeString(e.getKey(), e.getValue());
                System.out.println("wrote " + dir.relativize(e.getKey()));
            }
            return RunOutcome.EXIT_OK;
        }

        private static List<Path> all(Path dir) throws IOException {
            Path pipelines = dir.resolve("pipelines");
            if (!Files.isDirectory(pipelines)) throw new InvalidInputException("no directory " + pipelines);
            try (Stream<Path> s = Files.list(pipelines)) {
                return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            }
        }
    }
}
