package io.pitstop.steps.dataset;

import io.pitstop.engine.artifact.Artifact;

import java.nio.file.Path;
import java.util.Map;

/**
 * The splits training draws by key and writes as Parquet directories: the owner of their output
 * names, which training produces and evaluation and the gate read ({@code ctx.upstream().path(Splits.TEST)}).
 */
public final class Splits {

    public static final Artifact<Path> TRAIN = Artifact.location("train_split");
    public static final Artifact<Path> VALIDATION = Artifact.location("validation_split");
    public static final Artifact<Path> TEST = Artifact.location("test_split");

    private static final Map<String, Artifact<Path>> BY_NAME = Map.of("train", TRAIN, "validation", VALIDATION, "test", TEST);

    private Splits() {
    }

    /** The output of the split named {@code train}, {@code validation} or {@code test}. */
    public static Artifact<Path> of(String split) {
        Artifact<Path> a = BY_NAME.get(split);
        if (a == null) throw new IllegalArgumentException("no split '" + split + "'; the splits are " + BY_NAME.keySet());
        return a;
    }
}
