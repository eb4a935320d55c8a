package io.pitstop.engine.mlflow;

import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Makes MLflow's registered model show what Pitstop's registry holds: one MLflow model version per
 * registered Pitstop version (tagged {@code pitstop.version}, its source the package its run
 * logged), each version's stage as the tag {@code pitstop.stage}, and the alias {@code champion} on
 * the version in production (removed when none is). It reconciles rather than replays events, so
 * one call catches up whatever was missed, and a second call changes nothing. Pitstop's registry
 * is never read back from MLflow.
 */
public final class ReleaseMirror {

    public static final String CHAMPION = "champion";
    public static final String VERSION_TAG = "pitstop.version";
    public static final String STAGE_TAG = "pitstop.stage";

    /** What one reconciliation did, for the console. */
    public record Outcome(String model, int created, int restaged, String champion, String championMlflowVersion,
                          boolean aliasMoved) {
        public String describe() {
            return model + ": " + created + " version(s) registered, " + restaged + " stage tag(s) updated, "
                    + (champion == null ? "no champion" : "champion " + champion + " (MLflow version "
                    + championMlflowVersion + ")") + (aliasMoved ? ", alias moved" : ", alias unchanged");
        }
    }

    private final MlflowClient client;
    private final RunMirror runs;
    private final RunStore store;
    private final Registry registry;
    private final Path projectDir;

    public ReleaseMirror(MlflowClient client, RunMirror runs, RunStore store, Registry registry, Path projectDir) {
        this.client = client;
        this.runs = runs;
        this.store = store;
        this.registry = registry;
        this.projectDir = projectDir;
    }

    /** What the registry holds of a model, in a form that changes whenever the mirror would. */
    public static String snapshot(Registry registry, String model) {
        StringBuilder out = new StringBuilder();
        for (ModelVersion v : registry.versions(model)) out.append(v.version()).append('=').append(v.stage()).append(';');
        return out.toString();
    }

    public Outcome sync(String model) throws IOException {
        List<ModelVersion> versions = new ArrayList<>(registry.versions(model));
        java.util.Collections.reverse(versions); // oldest first, so MLflow's numbers follow Pitstop's order
        if (versions.isEmpty()) return new Outcome(model, 0, 0, null, null, false);
        client.ensureRegisteredModel(model, "Mirrored from Pitstop's model registry, which is the authority: the alias '"
                + CHAMPION + "' follows the version in production, the tag '" + STAGE_TAG + "' each version's stage.");
        Map<String, MlflowClient.ModelVersionInfo> mirrored = new HashMap<>();
        for (var info : client.modelVersions(model)) {
            String pitstop = info.tags().get(VERSION_TAG);
            if (pitstop != null) mirrored.put(pitstop, info);
        }
        int created = 0;
        int restaged = 0;
        Map<String, String> numbers = new HashMap<>();
        for (ModelVersion v : versions) {
            String stage = v.stage().name().toLowerCase(Locale.ROOT);
            var existing = mirrored.get(v.version());
            if (existing == null) {
                numbers.put(v.version(), create(v, stage));
                created++;
            } else {
                numbers.put(v.version(), existing.version());
                if (!stage.equals(existing.tags().get(STAGE_TAG))) {
                    client.setModelVersionTag(model, existing.version(), STAGE_TAG, stage);
                    restaged++;
                }
            }
        }
        Optional<ModelVersion> production = registry.inStage(model, Stage.PRODUCTION);
        Optional<String> aliased = client.alias(model, CHAMPION);
        boolean moved = false;
        String championNumber = production.map(p -> numbers.get(p.version())).orElse(null);
        if (championNumber != null && !aliased.equals(Optional.of(championNumber))) {
            client.setAlias(model, CHAMPION, championNumber);
            moved = true;
        } else if (championNumber == null && aliased.isPresent()) {
            client.deleteAlias(model, CHAMPION);
            moved = true;
        }
        return new Outcome(model, created, restaged, production.map(ModelVersion::version).orElse(null), championNumber,
                moved);
    }

    /** Registers one version, its source the package its run logged (the run is mirrored first if it was not). */
    private String create(ModelVersion v, String stage) throws IOException {
        var tags = new java.util.TreeMap<String, String>();
        tags.put(VERSION_TAG, v.version());
        tags.put(STAGE_TAG, stage);
        if (v.runId() != null) tags.put(RunMirror.RUN_TAG, v.runId());
        if (v.manifestSha256() != null) tags.put("pitstop.manifest_sha256", v.manifestSha256());
        tags.put("pitstop.package", v.packagePath());
        String source = v.packagePath();
        String mlRunId = null;
        RunRecord run = v.runId() == null ? null : store.findRun(v.runId()).orElse(null);
        if (run != null) {
            var mlRun = runs.find(run);
            if (mlRun.isEmpty()) mlRun = Optional.of(runs.replay(run, store.steps(run.runId()), projectDir));
            mlRunId = mlRun.get().runId();
            source = "runs:/" + mlRunId + "/" + RunMirror.PACKAGE_DIR;
        }
        return client.createModelVersion(v.model(), source, mlRunId, tags, v.model() + " " + v.version()
                + " (Pitstop run " + v.runId() + ")");
    }
}
