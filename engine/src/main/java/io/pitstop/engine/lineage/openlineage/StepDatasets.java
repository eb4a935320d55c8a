package io.pitstop.engine.lineage.openlineage;

import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.artifact.PackageOutputs;
import io.pitstop.engine.artifact.PredictionTableOutputs;
import io.pitstop.engine.conf.StoragePath;
import io.pitstop.engine.run.ObservedStep;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The datasets a step read and wrote, named from what the run store records: an output that names
 * a file or a URI is a dataset; a value (a version number) is not, though it may version its
 * sibling. The typed artifacts say more: a {@link DataVersion} names the file dvc tracks, versioned
 * by its md5 (so the landing file a {@code data.version} step reads and the version it records are
 * one dataset); a model package is versioned by {@link PackageOutputs#MODEL_VERSION}; a prediction
 * table by its Delta version ({@link PredictionTableOutputs#VERSION}). Inputs are the files a step
 * reads and the upstream outputs it consumes, named the same way, so a consumer's input is its
 * producer's output.
 */
final class StepDatasets {

    /** OpenLineage's namespace for the local file system. */
    static final String LOCAL = "file";

    private StepDatasets() {
    }

    static List<LineageDataset> inputs(ObservedStep step) {
        var out = new ArrayList<LineageDataset>();
        for (String file : step.filesRead()) located(file).ifPresent(out::add);
        out.addAll(fromOutputs(step.consumed(), step.projectDir()));
        return distinct(out);
    }

    static List<LineageDataset> outputs(ObservedStep step, Map<String, String> outputs) {
        return distinct(fromOutputs(outputs, step.projectDir()));
    }

    private static List<LineageDataset> fromOutputs(Map<String, String> outputs, Path projectDir) {
        var out = new ArrayList<LineageDataset>();
        new TreeMap<>(outputs).forEach((name, value) -> dataset(name, value, outputs, projectDir).ifPresent(out::add));
        return out;
    }

    /** One output as a dataset; empty for a value that names no place. */
    static Optional<LineageDataset> dataset(String output, String value, Map<String, String> siblings, Path projectDir) {
        if (output.equals(DataVersion.ARTIFACT.name())) return Optional.of(dataVersion(value, projectDir));
        Optional<LineageDataset> place = located(value);
        if (place.isEmpty()) return place;
        String version = null;
        if (output.equals(PackageOutputs.PACKAGE.name()) || output.equals(PackageOutputs.ARCHIVE.name())
                || output.equals(PackageOutputs.LOCATION.name())) {
            version = siblings.get(PackageOutputs.MODEL_VERSION.name());
        } else if (output.equals(PredictionTableOutputs.TABLE.name())) {
            version = siblings.get(PredictionTableOutputs.VERSION.name());
        }
        var p = place.get();
        return Optional.of(new LineageDataset(p.namespace(), p.name(), version, new TreeMap<>(Map.of("output", output))));
    }

    /**
     * The file dvc tracks, versioned by its md5, with where to find that version again; the JSON that
     * records it when it cannot be read (the event still names what the step wrote).
     */
    private static LineageDataset dataVersion(String json, Path projectDir) {
        try {
            DataVersion dv = DataVersion.ARTIFACT.read(Path.of(json));
            var details = new TreeMap<String, String>();
            dv.fields().forEach((k, v) -> {
                if (!k.equals("format") && !k.equals("path")) details.put("dvc_" + k, v);
            });
            details.put("output", DataVersion.ARTIFACT.name());
            Path file = projectDir.resolve(dv.path()).normalize();
            return new LineageDataset(LOCAL, file.toString(), dv.md5(), details);
        } catch (IOException | RuntimeException e) {
            return LineageDataset.of(LOCAL, json, null);
        }
    }

    /** A path or a URI as namespace and name; empty for a value that is neither (a version number, a count). */
    static Optional<LineageDataset> located(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        if (StoragePath.isUri(value)) {
            URI uri = URI.create(value);
            if (uri.getScheme().equals("file")) return Optional.of(LineageDataset.of(LOCAL, uri.getPath(), null));
            String namespace = uri.getScheme() + "://" + (uri.getRawAuthority() == null ? "" : uri.getRawAuthority());
            return Optional.of(LineageDataset.of(namespace, uri.getPath() == null ? "/" : uri.getPath(), null));
        }
        Path path = Path.of(value);
        if (!path.isAbsolute() || !Files.exists(path)) return Optional.empty();
        return Optional.of(LineageDataset.of(LOCAL, path.normalize().toString(), null));
    }

    /** The first of each namespace and name, in order: a file both read and consumed is one input. */
    private static List<LineageDataset> distinct(List<LineageDataset> all) {
        var seen = new java.util.LinkedHashMap<String, LineageDataset>();
        for (LineageDataset d : all) seen.putIfAbsent(d.namespace() + "\u0000" + d.name(), d);
        return List.copyOf(seen.values());
    }
}
