package io.pitstop.engine.lineage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The version of a step's code, for the cache key: the SHA-256 of the jar (or classes directory)
 * its class was loaded from. Jars are built reproducibly (fixed entry timestamps in the parent pom),
 * so rebuilding unchanged sources keeps the cache warm, and any change to a step's module busts it.
 */
public final class CodeVersion {

    private static final Map<Path, String> CACHE = new ConcurrentHashMap<>();

    private CodeVersion() {
    }

    public static String of(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        if (source == null) return "unknown";
        try {
            Path location = Path.of(source.getLocation().toURI());
            return CACHE.computeIfAbsent(location, CodeVersion::hash);
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String hash(Path location) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(location)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(location)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    digest.update(location.relativize(f).toString().getBytes());
                    update(digest, f);
                }
            } else {
                update(digest, location);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) digest.update(buf, 0, n);
        }
    }
}
