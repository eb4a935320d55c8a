package io.pitstop.engine.run;

import io.pitstop.engine.json.JsonText;
import io.pitstop.engine.pkg.Sha256;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cache key of a step execution: SHA-256 of the sorted map of everything the step's result
 * depends on — its kind and the code of that kind ({@link io.pitstop.engine.lineage.CodeVersion}:
 * its own classes, not whole jars), its params, the pipeline seed, the fingerprints of the steps it
 * needs (which cover their own inputs, transitively) and its external inputs (file contents, the
 * production model). Same inputs, same fingerprint, same outputs. The map is kept, in the run store
 * and the pipeline's {@link LockFile}, so {@link PipelineStatus} can say which part changed.
 */
public record Fingerprint(String value, SortedMap<String, String> inputs) {

    public static Fingerprint of(Map<String, String> inputs) {
        var sorted = new TreeMap<>(inputs);
        return new Fingerprint(Sha256.of(JsonText.compact(sorted)), sorted);
    }

    public String shortValue() {
        return value.substring(0, 16);
    }
}
