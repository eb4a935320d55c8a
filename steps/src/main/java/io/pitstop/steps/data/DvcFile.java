package io.pitstop.steps.data;

import com.fasterxml.jackson.databind.JsonNode;

import io.pitstop.engine.yaml.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The recorded fact of a {@code .dvc} file: which file it tracks and the content hash dvc stored.
 * Only the first output is read; Pitstop writes one file per {@code .dvc}.
 *
 * <pre>
 * outs:
 * - md5: f69f5b72bc79a92dc70c63c9aa142e36
 *   size: 4
 *   hash: md5
 *   path: telco_churn.csv
 * </pre>
 *
 * @param file  the .dvc file
 * @param path  the tracked path as written in the file (relative to the .dvc file's directory)
 * @param md5   dvc's content hash of the tracked file
 * @param size  its size in bytes
 */
public record DvcFile(Path file, String path, String md5, long size) {

    public DvcFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(md5, "md5");
    }

    /**
     * The MD5 of a file's bytes, which is what dvc records for a plain file (not a directory), so
     * restored bytes can be checked against a .dvc file without asking dvc.
     */
    public static String md5Of(Path file) throws IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (var in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** @throws IOException when the file is missing, is not YAML, or lacks {@code outs[0].md5/path} */
    public static DvcFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such .dvc file (run `dvc add` on the data file first)");
        }
        return parse(file, Files.readAllBytes(file));
    }

    /**
     * Parses the content of a .dvc file that need not be on disk (e.g. read from an older Git commit);
     * {@code file} is where it belongs in the work tree.
     */
    public static DvcFile parse(Path file, byte[] content) throws IOException {
        JsonNode root;
        try {
            root = Yaml.MAPPER.readTree(content);
        } catch (IOException e) {
            throw new IOException(file + ": not a readable .dvc file: " + e.getMessage(), e);
        }
        JsonNode out = root == null ? null : root.path("outs").path(0);
        if (out == null || !out.hasNonNull("md5") || !out.hasNonNull("path")) {
            throw new IOException(file + ": not a .dvc file of a tracked file (expected outs[0] with md5 and path)");
        }
        return new DvcFile(file, out.get("path").asText(), out.get("md5").asText(), out.path("size").asLong(-1));
    }

    /** The tracked file's location on disk. */
    public Path trackedPath() {
        Path dir = file.toAbsolutePath().getParent();
        return dir.resolve(path).normalize();
    }
}
