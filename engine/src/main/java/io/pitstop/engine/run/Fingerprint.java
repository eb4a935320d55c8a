package io.pitstop.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public static Fingerprint of(Map<String, String> inputs) {
        var sorted = new TreeMap<>(inputs);
        try {
            return new Fingerprint(Sha256.of(CANONICAL.writeValueAsString(sorted)), sorted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String shortValue() {
        return value.substring(0, 16);
    }
}
