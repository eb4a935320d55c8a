package io.pitstop.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the pipeline file a command names. A relative path is relative to the project directory
 * (not the shell's working directory), because that is how runs record it and how {@code resume}
 * reads it back: {@code pitstop run pipelines/churn.yaml --project ../churn} means the churn
 * project's file.
 */
final class PipelineFile {

    private PipelineFile() {
    }

    /**
     * @throws InvalidInputException when there is no such file, naming the pipelines there are
     */
    static Path resolve(Path projectDir, Path argument) {
        Path project = projectDir.toAbsolutePath().normalize();
        Path file = project.resolve(argument).normalize();
        if (Files.isRegularFile(file)) return file;
        throw new InvalidInputException("no pipeline file " + file + " (" + available(project.resolve("pipelines")) + ")");
    }

    private static String available(Path pipelinesDir) {
        if (!Files.isDirectory(pipelinesDir)) return "and no directory " + pipelinesDir;
        try (Stream<Path> files = Files.list(pipelinesDir)) {
            String names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .sorted().map(n -> "pipelines/" + n).collect(Collectors.joining(", "));
            return names.isEmpty() ? "no pipelines in " + pipelinesDir : "pipelines here: " + names;
        } catch (IOException e) {
            return "cannot list " + pipelinesDir + ": " + e.getMessage();
        }
    }
}
