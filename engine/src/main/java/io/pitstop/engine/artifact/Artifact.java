package io.pitstop.engine.artifact;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One kind of thing a step produces and others consume, with its one owner: the output name the run
 * store records (a step's {@code produces}/{@code consumes} and {@link io.pitstop.engine.step.Upstream}
 * use it) and the codec that reads what the output names. Producer and consumers use the same
 * constant, so neither the name nor the format can drift apart between them.
 *
 * <pre>
 * public static final Artifact&lt;DataVersion&gt; DATA_VERSION = Artifact.of("data_version", DataVersion::read);
 * // producer: .output(DATA_VERSION.name(), file)      consumer: ctx.upstream().read(DATA_VERSION)
 * </pre>
 *
 * @param <T> what the output is read as
 */
public final class Artifact<T> {

    /** How the file or directory an output names is read. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Path location) throws IOException;
    }

    private final String name;
    private final Reader<T> reader;

    private Artifact(String name, Reader<T> reader) {
        this.name = Objects.requireNonNull(name, "name");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    public static <T> Artifact<T> of(String name, Reader<T> reader) {
        return new Artifact<>(name, reader);
    }

    /** An output that is a location to be opened by whoever reads it (a Parquet split, a model directory). */
    public static Artifact<Path> location(String name) {
        return new Artifact<>(name, p -> p);
    }

    /** The output name, as the run store records it. */
    public String name() {
        return name;
    }

    public T read(Path location) throws IOException {
        return reader.read(location);
    }

    @Override
    public String toString() {
        return name;
    }
}
