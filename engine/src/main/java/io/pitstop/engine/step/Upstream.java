package io.pitstop.engine.step;

import java.nio.file.Path;
import java.util.Optional;

/** The outputs of a step's ancestors, looked up by output name (nearest ancestor first). */
public interface Upstream {

    Optional<String> find(String name);

    /** The named output; a missing one is a planning bug, since {@link Step#consumes} is checked first. */
    default String require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(
                "no upstream step produced the output '" + name + "'"));
    }

    default Path path(String name) {
        return Path.of(require(name));
    }

    /** The artifact's output as recorded (a path, a URI or a value), if an ancestor produced it. */
    default Optional<String> find(io.pitstop.engine.artifact.Artifact<?> artifact) {
        return find(artifact.name());
    }

    /** Where the artifact's output is. */
    default Path path(io.pitstop.engine.artifact.Artifact<?> artifact) {
        return path(artifact.name());
    }

    /** The artifact's output, read by its owner's codec. */
    default <T> T read(io.pitstop.engine.artifact.Artifact<T> artifact) throws java.io.IOException {
        return artifact.read(path(artifact.name()));
    }
}
