package io.pitstop.engine.step;

import java.util.Map;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.registry.Registry;
import org.slf4j.Logger;

import java.nio.file.Path;
import java.time.Clock;

/** A step's one door to the outside world. Cheap to build in a test (see the engine's test fixtures). */
public interface StepContext {

    String runId();

    String stepId();

    /** The pipeline's name, from {@code pipeline:} in its file. */
    String pipelineName();

    /** The model this pipeline builds (name, owner, intended use). */
    ModelInfo model();

    /**
     * The working copy whose code runs: pipelines/, data-contracts/ and input data live here, and
     * {@link #resolve} resolves against it. Usually the project itself; for a tag trigger, a clean
     * checkout of the tagged commit. The project's state does not live here: see {@link #stateLocation}.
     */
    Path projectDir();

    /**
     * An empty directory for this step's artifacts, owned by this execution. It becomes visible to
     * later runs (and the cache) only if the step succeeds.
     */
    Path outputDir();

    /** The pipeline's seed; every random choice in a step derives from it. */
    long seed();

    Upstream upstream();

    /** The shared instance of a resource (e.g. the SparkSession), opened on first use. */
    <T> T resource(Class<T> type);

    Registry registry();

    Profile profile();

    /** Git commit, dirty flag, spec hash and run id, for manifests. */
    Lineage lineage();

    Progress progress();

    Logger log();

    Clock clock();

    /**
     * What {@link Step#externalInputs} returned when the runner fingerprinted this step, handed back
     * to {@link Step#run} so the step acts on exactly what its cache key names: e.g. the production
     * model resolved once, even if another process promotes a new one before the step runs.
     * Empty while fingerprinting, and for steps without external inputs.
     */
    default Map<String, String> resolvedInputs() {
        return Map.of();
    }

    default Path resolve(String projectRelative) {
        return projectDir().resolve(projectRelative).normalize();
    }

    /**
     * A place the project's state lives that a pipeline names (a prediction table, a metrics file): a
     * filesystem URI as it is, a relative path against the project the profile belongs to, so that
     * every working copy that runs the code (a trigger's checkout, an Airflow worker's) finds the same one.
     */
    default String stateLocation(String location) {
        return profile().locate(location);
    }
}
