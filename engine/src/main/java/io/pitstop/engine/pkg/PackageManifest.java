package io.pitstop.engine.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What {@code manifest.json} says about a package: which model and version, when it was made, where
 * it came from (lineage: Git commit, data versions, spec hash, environment, as flat dotted keys),
 * the hyperparameters, the final metrics and every other file with its size. The writer fills in
 * {@code files}; callers build the rest with {@link #of}.
 *
 * @param formatVersion the manifest format, so that old packages stay readable as it evolves
 */
public record PackageManifest(
        int formatVersion,
        String model,
        SemVer version,
        Instant createdAt,
        Map<String, String> lineage,
        JsonNode params,
        Map<String, Double> metrics,
        List<PackageFile> files) {

    /** The format this code writes. */
    public static final int FORMAT_VERSION = 1;
    /** Model names become directory names and registry keys: keep them portable. */
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public PackageManifest {
        if (formatVersion < 1) throw new IllegalArgumentException("formatVersion must be at least 1, was " + formatVersion);
        Objects.requireNonNull(model, "model");
        if (!MODEL_NAME.matcher(model).matches()) {
            throw new IllegalArgumentException("model name '" + model + "' must be letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        lineage = lineage == null ? Map.of() : Map.copyOf(new TreeMap<>(lineage));
        params = params == null ? JsonNodeFactory.instance.objectNode() : params.deepCopy();
        metrics = metrics == null ? Map.of() : Map.copyOf(new TreeMap<>(metrics));
        files = files == null ? List.of() : files.stream().sorted(Comparator.comparing(PackageFile::path)).toList();
    }

    /** A manifest in the current format, before the writer lists the files. */
    public static PackageManifest of(String model, SemVer version, Instant createdAt, Map<String, String> lineage,
                                     JsonNode params, Map<String, Double> metrics) {
        return new PackageManifest(FORMAT_VERSION, model, version, createdAt, lineage, params, metrics, List.of());
    }

    public PackageManifest withFiles(List<PackageFile> files) {
        return new PackageManifest(formatVersion, model, version, createdAt, lineage, params, metrics, files);
    }

    /** The package's directory name: {@code <model>-<version>}. */
    public String directoryName() {
        return model + "-" + version;
    }
}
