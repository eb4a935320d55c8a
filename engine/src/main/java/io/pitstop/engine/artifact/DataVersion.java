package io.pitstop.engine.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One version of a dataset as it goes into a run's lineage: dvc's md5 of the content plus the Git
 * commit at which the .dvc file can be found again. {@code git checkout <gitCommit> -- <dvcFile>}
 * followed by {@code dvc checkout <dvcFile>} (or {@code dvc pull}) brings the exact bytes back.
 * The owner of {@code data-version.json}: written by {@code data.version}, {@code data.restore} and
 * {@code data.fetch}, read by the package step, {@code ./pitstop data} and {@code ./pitstop reproduce}.
 *
 * @param path      the tracked file, relative to the project
 * @param md5       dvc's content hash
 * @param size      bytes; -1 when not recorded
 * @param gitCommit HEAD of the project when the version was recorded; null outside Git or before the first commit
 * @param gitDirty  whether the work tree had uncommitted changes to tracked files (null without a commit)
 * @param remote    the DVC remote the content was pushed to, or null if it was not pushed
 * @param dvcFile   the .dvc file, relative to the project; null when not recorded
 */
public record DataVersion(String path, String md5, long size, String gitCommit, Boolean gitDirty, String remote,
                          String dvcFile) {

    /** Version of the data-version.json layout. */
    public static final int FORMAT = 1;
    public static final String FILE_NAME = "data-version.json";
    /** The output naming a step's data-version.json. */
    public static final Artifact<DataVersion> ARTIFACT = Artifact.of("data_version", DataVersion::read);

    public DataVersion {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(md5, "md5");
    }

    public DataVersion withRemote(String newRemote) {
        return new DataVersion(path, md5, size, gitCommit, gitDirty, newRemote, dvcFile);
    }

    public void write(Path json) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("path", path);
        doc.put("md5", md5);
        doc.put("size", size);
        doc.put("dvc_file", dvcFile);
        doc.put("git_commit", gitCommit);
        doc.put("git_dirty", gitDirty);
        doc.put("remote", remote);
        Json.PRETTY.writeValue(json.toFile(), doc);
    }

    /** A data-version.json; refused when it names no path and md5. */
    public static DataVersion read(Path json) throws IOException {
        JsonNode doc = Json.MAPPER.readTree(json.toFile());
        if (doc == null || !doc.hasNonNull("path") || !doc.hasNonNull("md5")) {
            throw new IOException(json + " is not a " + FILE_NAME + " (expected path and md5)");
        }
        var fields = new TreeMap<String, String>();
        doc.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) fields.put(e.getKey(), e.getValue().asText());
        });
        return ofFields(fields).orElseThrow();
    }

    /** The fields as text, by their names in the file; absent ones left out. What a release's lineage records. */
    public SortedMap<String, String> fields() {
        var out = new TreeMap<String, String>();
        out.put("format", Integer.toString(FORMAT));
        out.put("path", path);
        out.put("md5", md5);
        if (size >= 0) out.put("size", Long.toString(size));
        if (dvcFile != null) out.put("dvc_file", dvcFile);
        if (gitCommit != null) out.put("git_commit", gitCommit);
        if (gitDirty != null) out.put("git_dirty", gitDirty.toString());
        if (remote != null) out.put("remote", remote);
        return out;
    }

    /**
     * {@link #fields()} read back; empty without a path and md5. Packages built before this type wrote an
     * absent field as the text {@code null}, which reads as absent.
     */
    public static Optional<DataVersion> ofFields(Map<String, String> fields) {
        String path = present(fields, "path");
        String md5 = present(fields, "md5");
        if (path == null || md5 == null) return Optional.empty();
        String size = present(fields, "size");
        String dirty = present(fields, "git_dirty");
        return Optional.of(new DataVersion(path, md5, size == null ? -1 : Long.parseLong(size),
                present(fields, "git_commit"), dirty == null ? null : Boolean.valueOf(dirty), present(fields, "remote"),
                present(fields, "dvc_file")));
    }

    private static String present(Map<String, String> fields, String name) {
        String v = fields.get(name);
        return v == null || v.equals("null") ? null : v;
    }
}
