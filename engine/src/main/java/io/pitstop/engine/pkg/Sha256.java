package io.pitstop.engine.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hex, the form {@code sha256sum} prints. */
public final class Sha256 {

    private Sha256() {
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String of(byte[] bytes) {
        MessageDigest d = digest();
        d.update(bytes);
        return hex(d);
    }

    public static String of(Path file) throws IOException {
        MessageDigest d = digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) d.update(buffer, 0, n);
        }
        return hex(d);
    }

    public static String of(String text) {
        return of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Like {@link #of(Path)}, for callers that treat an unreadable file as a bug or broken infrastructure. */
    public static String ofFile(Path file) {
        try {
            return of(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot hash " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * One digest over a directory tree: each regular file's relative path and bytes, in sorted path
     * order, so the same tree hashes the same wherever it lies. A plain file hashes as {@link #of(Path)}.
     */
    public static String ofTree(Path root) {
        if (!Files.isDirectory(root)) return ofFile(root);
        MessageDigest d = digest();
        byte[] buffer = new byte[1 << 16];
        try (var walk = Files.walk(root)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                d.update(root.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                d.update((byte) 0);
                try (InputStream in = Files.newInputStream(f)) {
                    for (int n; (n = in.read(buffer)) > 0; ) d.update(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot hash " + root + ": " + e.getMessage(), e);
        }
        return hex(d);
    }
}
