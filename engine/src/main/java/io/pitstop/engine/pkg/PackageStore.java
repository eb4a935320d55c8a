package io.pitstop.engine.pkg;

import io.pitstop.engine.conf.Profile;

import io.pitstop.engine.conf.StoragePath;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where a profile keeps its released packages: a local directory (the default,
 * {@code <state_dir>/packages}) or a directory on any Hadoop filesystem, set in the profile:
 *
 * <pre>
 * packages:
 *   location: hdfs://namenode:8020/pitstop/packages   # or s3a://bucket/packages, viewfs://..., file:/srv/packages
 * hadoop:
 *   fs.s3a.endpoint: ...                              # any Hadoop client setting
 * </pre>
 *
 * <p>Packages are always built and signed in the local {@link #buildDir()} ({@link PackageWriter});
 * {@link #publish} then puts a verified package into the store and returns its <em>location</em>, the
 * string the registry records: a local path, or a filesystem URI. Every reader opens a registered
 * package through {@link #open}, whatever the location is: a URI is copied into a local cache first
 * and the copy verified ({@link HadoopPackages}), so what gets loaded is exactly what was checked.
 * A location written by an older profile (a local path) still opens after the profile moves its
 * packages elsewhere.
 */
public final class PackageStore {

    /** The profile key naming the store; absent means {@code <state_dir>/packages}. */
    public static final String LOCATION_KEY = "packages.location";

    private final Path buildDir;
    private final String remote;
    private final Path cacheDir;
    private final HadoopPackages hadoop;

    private PackageStore(Path buildDir, String remote, Path cacheDir, HadoopPackages hadoop) {
        this.buildDir = buildDir;
        this.remote = remote;
        this.cacheDir = cacheDir;
        this.hadoop = hadoop;
    }

    /**
     * The profile's store: {@code packages.location} (a URI, or a path relative to the project), the
     * Hadoop client configured by the profile's {@code hadoop:} section.
     */
    public static PackageStore of(Profile profile) {
        Path state = profile.stateDir();
        Path build = state.resolve("packages");
        HadoopPackages hadoop = HadoopPackages.withSettings(profile.under("hadoop"));
        Path cache = state.resolve("package-cache");
        String location = profile.find(LOCATION_KEY).map(String::trim).orElse("");
        if (location.isEmpty()) return new PackageStore(build, null, cache, hadoop);
        if (StoragePath.isUri(location)) {
            URI uri;
            try {
                uri = URI.create(location);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("profile " + profile.name() + ": " + LOCATION_KEY + " '" + location
                        + "' is not a valid URI: " + e.getMessage(), e);
            }
            return new PackageStore(build, uri.toString(), cache, hadoop);
        }
        return new PackageStore(profile.projectDir().resolve(location).normalize(), null, cache, hadoop);
    }

    /** The local directory packages are written and signed in before they are published. */
    public Path buildDir() {
        return buildDir;
    }

    /** The store's root as the registry would name it: the URI, or the local directory. */
    public String root() {
        return remote != null ? remote : buildDir.toString();
    }

    /** Whether the store is on a Hadoop filesystem rather than the local build directory itself. */
    public boolean isRemote() {
        return remote != null;
    }

    /**
     * Puts a verified local package into the store and returns its location. For a local store the
     * package already is in place; for a remote one it is copied and renamed into place (publishing the
     * identical package again is a no-op, a different one under its name is refused with
     * {@link PackageConflictException}).
     */
    public String publish(ModelPackage pkg) {
        if (remote == null) return pkg.dir().toString();
        return hadoop.publish(pkg, URI.create(remote)).toString();
    }

    /**
     * Verifies and opens the package at a registered location. A URI is copied into the local cache
     * under the name and manifest SHA-256 it has now, and that copy is what is verified and opened.
     */
    public ModelPackage open(String location, PackageKeys keys) {
        Objects.requireNonNull(location, "location");
        if (!StoragePath.isUri(location)) return ModelPackage.open(Path.of(location), keys);
        URI uri = URI.create(location);
        String name = HadoopPackages.lastSegment(uri);
        Path temp = cacheDir.resolve("." + name + ".fetch-" + UUID.randomUUID());
        try {
            Files.createDirectories(cacheDir);
            hadoop.fetch(uri, temp);
            ModelPackage fetched;
            try {
                fetched = ModelPackage.open(temp, keys);
            } catch (PackageException e) {
                // Named by its location, not by the temporary copy that was checked.
                throw new PackageException("package " + location + " failed verification and was not loaded", temp,
                        e.problems());
            }
            Path keep = cacheDir.resolve(name + "-" + fetched.manifestSha256().substring(0, 16));
            if (!Files.exists(keep, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.move(temp, keep, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                    // Another process cached the same package at the same moment; its copy is opened below.
                }
            }
            ModelPackage cached = ModelPackage.open(keep, keys);
            if (!cached.manifestSha256().equals(fetched.manifestSha256())) {
                throw new PackageException("the cached copy " + keep + " of " + location + " differs from the package there",
                        keep, List.of(PackageProblem.of(PackageVerifier.MANIFEST, PackageProblem.Kind.CHANGED,
                        "cached manifest sha256 " + cached.manifestSha256() + ", published " + fetched.manifestSha256())));
            }
            return cached;
        } catch (IOException e) {
            throw new PackageException("cannot cache package " + location + " in " + cacheDir, cacheDir, e);
        } finally {
            // A leftover hidden fetch directory is never opened as a package.
            HadoopPackages.deleteTree(temp);
        }
    }

    /** Whether a registered location still holds a package (or, locally, its single-file archive). */
    public boolean exists(String location) {
        if (!StoragePath.isUri(location)) {
            Path dir = Path.of(location);
            return Files.exists(dir, LinkOption.NOFOLLOW_LINKS) || Files.exists(PackageArchive.pathOf(dir), LinkOption.NOFOLLOW_LINKS);
        }
        return hadoop.exists(URI.create(location));
    }

    /**
     * Deletes the package at a registered location and its archive; for a URI also this machine's
     * build copy and cached copies of it. Deleting a missing one is a no-op.
     */
    public void delete(String location) {
        Path dir = Path.of(location);
        try {
            if (StoragePath.isUri(location)) {
                URI uri = URI.create(location);
                hadoop.delete(uri);
                String name = HadoopPackages.lastSegment(uri);
                dir = buildDir.resolve(name);
                if (Files.isDirectory(cacheDir)) {
                    try (Stream<Path> cached = Files.list(cacheDir)) {
                        for (Path c : cached.filter(c -> c.getFileName().toString().matches(
                                java.util.regex.Pattern.quote(name) + "-[0-9a-f]{16}")).toList()) {
                            FileTree.delete(c);
                        }
                    }
                }
            }
            FileTree.delete(dir);
            FileTree.delete(PackageArchive.pathOf(dir));
        } catch (IOException e) {
            throw new PackageException("cannot delete package " + location + ": " + e.getMessage(), dir, e);
        }
    }

}
