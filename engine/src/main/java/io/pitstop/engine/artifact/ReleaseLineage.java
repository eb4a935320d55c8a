package io.pitstop.engine.artifact;

import io.pitstop.engine.step.Lineage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a released model came from, as its package's manifest records it: the run that built it
 * (code, pipeline spec, profile, machine: {@link Lineage}), the seed, the model's identity and the
 * data version it was trained on. One record composed of the provenance of each part, the way Tribuo
 * nests a model's provenance, so that {@code reproduce} rebuilds from typed fields and the package
 * step, the promotion and the CLI cannot disagree about a key.
 *
 * <p>On disk it stays the manifest's flat {@code lineage} block of dotted keys ({@link #toMap()}), so
 * packages built before this record read alike ({@link #of(Map)}).
 *
 * @param run           the building run; fields a package predating a field lacks are empty
 * @param seed          the pipeline's seed; null when not recorded
 * @param modelIdentity the model's identity (weights, transform and descriptor), null in packages predating it
 * @param data          the data version trained on; null when the package records none
 */
public record ReleaseLineage(Lineage run, Long seed, String modelIdentity, DataVersion data) {

    public ReleaseLineage {
        Objects.requireNonNull(run, "run");
    }

    /** The commit the run's code was at; empty when it was built outside Git ({@code none} on disk). */
    public java.util.Optional<String> gitCommit() {
        String c = run.gitCommit();
        return c == null || c.isBlank() || c.equals(NO_COMMIT) ? java.util.Optional.empty() : java.util.Optional.of(c);
    }

    /** The commit recorded for a run built outside a Git repository. */
    public static final String NO_COMMIT = "none";

    private static final String RUN_ID = "run_id";
    private static final String PIPELINE = "pipeline";
    private static final String PIPELINE_FILE = "pipeline.file";
    private static final String PIPELINE_SHA256 = "pipeline.sha256";
    private static final String GIT_COMMIT = "git.commit";
    private static final String GIT_DIRTY = "git.dirty";
    private static final String GIT_CHANGES = "git.changes";
    private static final String PROFILE = "profile";
    private static final String SEED = "seed";
    private static final String MODEL_IDENTITY = "model.identity";
    private static final String ENV = "env.";
    private static final String DATA = "data.";
    private static final String CHANGES_SEPARATOR = "; ";

    /** The manifest's lineage block: the dotted keys every package has used. */
    public SortedMap<String, String> toMap() {
        var out = new TreeMap<String, String>();
        putIfPresent(out, RUN_ID, run.runId());
        putIfPresent(out, PIPELINE, run.pipelineName());
        putIfPresent(out, PIPELINE_FILE, run.pipelineFile());
        putIfPresent(out, PIPELINE_SHA256, run.specSha256());
        putIfPresent(out, GIT_COMMIT, run.gitCommit());
        out.put(GIT_DIRTY, Boolean.toString(run.gitDirty()));
        if (!run.gitChanges().isEmpty()) out.put(GIT_CHANGES, String.join(CHANGES_SEPARATOR, run.gitChanges()));
        putIfPresent(out, PROFILE, run.profile());
        if (seed != null) out.put(SEED, Long.toString(seed));
        putIfPresent(out, MODEL_IDENTITY, modelIdentity);
        run.environment().forEach((k, v) -> out.put(ENV + k, v));
        if (data != null) data.fields().forEach((k, v) -> out.put(DATA + k, v));
        return out;
    }

    /** A manifest's lineage block read back; keys a package predates are absent (null or empty fields). */
    public static ReleaseLineage of(Map<String, String> lineage) {
        var environment = new TreeMap<String, String>();
        var data = new TreeMap<String, String>();
        lineage.forEach((k, v) -> {
            if (k.startsWith(ENV)) environment.put(k.substring(ENV.length()), v);
            if (k.startsWith(DATA)) data.put(k.substring(DATA.length()), v);
        });
        String changes = lineage.get(GIT_CHANGES);
        List<String> gitChanges = changes == null || changes.isEmpty() ? List.of()
                : new ArrayList<>(Arrays.asList(changes.split(CHANGES_SEPARATOR)));
        var run = new Lineage(lineage.getOrDefault(RUN_ID, ""), lineage.getOrDefault(PIPELINE, ""),
                lineage.getOrDefault(PIPELINE_FILE, ""), lineage.getOrDefault(PIPELINE_SHA256, ""),
                lineage.get(GIT_COMMIT), Boolean.parseBoolean(lineage.get(GIT_DIRTY)), lineage.getOrDefault(PROFILE, ""),
                environment, gitChanges);
        String seed = lineage.get(SEED);
        return new ReleaseLineage(run, seed == null ? null : Long.valueOf(seed), lineage.get(MODEL_IDENTITY),
                DataVersion.ofFields(data).orElse(null));
    }

    private static void putIfPresent(Map<String, String> out, String key, String value) {
        if (value != null) out.put(key, value);
    }
}
