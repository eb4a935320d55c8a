package io.pitstop.engine.mlflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the MLflow mirror is behind on: one small file per run or model under
 * {@code <state>/mlflow/behind/}, holding when and why, written when mirroring failed and removed
 * when {@code ./pitstop mlflow sync} caught up. A file per item, not one list, so two processes
 * (two Airflow tasks) marking at once cannot lose each other's mark.
 */
public final class MirrorBacklog {

    private static final String RUN = "run-";
    private static final String MODEL = "model-";

    private final Path dir;

    public MirrorBacklog(Path stateDir) {
        this.dir = stateDir.resolve("mlflow").resolve("behind");
    }

    public void markRun(String runId, String why) {
        mark(RUN + runId, why);
    }

    public void markModel(String model, String why) {
        mark(MODEL + model, why);
    }

    public void clearRun(String runId) {
        clear(RUN + runId);
    }

    public void clearModel(String model) {
        clear(MODEL + model);
    }

    /** The runs behind, sorted (run ids sort by time). */
    public List<String> runs() {
        return list(RUN);
    }

    /** The models whose versions or alias are behind, sorted. */
    public List<String> models() {
        return list(MODEL);
    }

    private void mark(String name, String why) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), Instant.now() + " " + why + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record in " + dir + " that the MLflow mirror is behind", e);
        }
    }

    private void clear(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir.resolve(name), e);
        }
    }

    private List<String> list(String prefix) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))
                    .map(n -> n.substring(prefix.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
