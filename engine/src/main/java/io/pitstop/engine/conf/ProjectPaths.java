package io.pitstop.engine.conf;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a path written in a pipeline, contract or profile may point: inside the project, or under a
 * root the profile allows, or anywhere a URI with an explicit scheme names ({@code hdfs://nn/x},
 * {@code s3a://bucket/x}, {@code file:/srv/x}: the scheme says the author meant to leave the project).
 * A relative path with {@code ..} that climbs out of the project and an absolute path outside every
 * allowed root are refused, so a pipeline copied from elsewhere cannot read or overwrite
 * {@code /etc/...} by accident.
 *
 * <pre>
 * # conf/cluster.yaml
 * paths:
 *   allowed_roots: [/srv/data, /mnt/shared/dvc]   # absolute paths under these are accepted too
 * </pre>
 *
 * @param projectDir   the project, absolute and normalized
 * @param allowedRoots further absolute directories a path may lie under (may be empty)
 */
public record ProjectPaths(Path projectDir, List<Path> allowedRoots) {

    /** The profile key listing the extra roots, e.g. {@code paths.allowed_roots: [/srv/data]}. */
    public static final String ALLOWED_ROOTS_KEY = "paths.allowed_roots";

    public ProjectPaths {
        Objects.requireNonNull(projectDir, "projectDir");
        projectDir = projectDir.toAbsolutePath().normalize();
        allowedRoots = allowedRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** Only the project itself. */
    public static ProjectPaths inside(Path projectDir) {
        return new ProjectPaths(projectDir, List.of());
    }

    /** The project and the roots the profile allows ({@link #ALLOWED_ROOTS_KEY}). */
    public static ProjectPaths of(Profile profile) {
        return new ProjectPaths(profile.projectDir(), rootsOf(profile.find(ALLOWED_ROOTS_KEY).orElse(null)));
    }

    /**
     * The roots as the profile loader flattens a list ({@code ["/srv/data","/mnt/x"]}), or one root
     * given as a plain string; relative roots resolve against nothing and are refused by the loader.
     */
    static List<Path> rootsOf(String flattened) {
        if (flattened == null || flattened.isBlank()) return List.of();
        List<Path> out = new ArrayList<>();
        for (String item : roots(flattened)) out.add(Path.of(item));
        return out;
    }

    /** The strings of a flattened list, or the one string. */
    static List<String> roots(String flattened) {
        String s = flattened.strip();
        if (!s.startsWith("[")) return List.of(s);
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
            List<String> out = new ArrayList<>();
            node.forEach(n -> out.add(n.asText()));
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of(s);
        }
    }

    /**
     * Why a path that must be relative to the project and stay inside it is not (a dataset DVC
     * tracks lives in the project's repository, so neither an allowed root nor a URI will do); empty
     * when it is. Judged on the text alone: {@code a/../b} is fine, {@code a/../../b} is not.
     */
    public static Optional<String> notInsideRelative(String declared) {
        if (declared == null || declared.isBlank()) return Optional.empty();
        String problem;
        try {
            Path path = Path.of(declared);
            problem = StoragePath.isUri(declared) ? "a URI" : path.isAbsolute() ? "an absolute path"
                    : path.normalize().startsWith("..") ? "a path that climbs out of the project" : null;
        } catch (InvalidPathException e) {
            problem = "not a valid path (" + e.getReason() + ")";
        }
        return Optional.ofNullable(problem).map(p -> "must be relative to the project and stay inside it; '"
                + declared + "' is " + p);
    }

    /**
     * Why a declared path may not be used, or empty when it may: a URI with a scheme, a relative
     * path that stays in the project, an absolute one in the project or under an allowed root.
     */
    public Optional<String> refusal(String declared) {
        if (declared == null || declared.isBlank() || StoragePath.isUri(declared)) return Optional.empty();
        Path path;
        try {
            path = Path.of(declared);
        } catch (InvalidPathException e) {
            return Optional.of("'" + declared + "' is not a valid path: " + e.getReason());
        }
        Path resolved = projectDir.resolve(path).normalize();
        if (resolved.startsWith(projectDir)) return Optional.empty();
        for (Path root : allowedRoots) if (resolved.startsWith(root)) return Optional.empty();
        String why = path.isAbsolute() ? "is an absolute path outside the project" : "climbs out of the project";
        String allowed = allowedRoots.isEmpty() ? "" : " and not under an allowed root " + allowedRoots;
        return Optional.of("'" + declared + "' " + why + allowed + "; give a path inside the project, a URI with"
                + " a scheme (hdfs://, s3a://, file:/...), or list its directory in the profile's "
                + ALLOWED_ROOTS_KEY);
    }
}
