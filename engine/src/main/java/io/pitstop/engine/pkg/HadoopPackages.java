package io.pitstop.engine.pkg;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Packages on any Hadoop FileSystem: HDFS, S3A, viewfs or the local filesystem, chosen by the URI's
 * scheme and configured like any Hadoop client ({@code fs.defaultFS}, {@code fs.s3a.*}, ...).
 *
 * <pre>
 * HadoopPackages hadoop = new HadoopPackages(configuration);
 * URI published = hadoop.publish(pkg, URI.create("hdfs://nn:8020/pitstop/packages"));  // .../churn-1.4.0
 * Verification v = hadoop.verify(published, keys.trustedKey());
 * ModelPackage local = hadoop.open(published, localCopyDir, keys.trustedKey());
 * </pre>
 *
 * <p>A package is always built and verified as a local directory ({@link PackageWriter}); publishing
 * copies that directory's bytes into a hidden sibling on the target filesystem and renames it into
 * place, so readers see the whole package or none of it (on filesystems whose rename is atomic, such
 * as HDFS; S3A's rename is a copy, which a reader may see half done, and verification then refuses
 * it). Reading copies every file of the remote directory to a local directory first and verifies
 * that copy: what is checked is exactly what gets loaded, even if the remote changes meanwhile.
 * The same rules hold as for local packages: a changed byte, a missing or extra file, a bad signature
 * are refused by name; a version names one package forever.
 */
public final class HadoopPackages {

    private static final String LOCAL_CHECKSUMMED = "org.apache.hadoop.fs.LocalFileSystem";

    private final Configuration configuration;

    public HadoopPackages(Configuration configuration) {
        Objects.requireNonNull(configuration, "configuration");
        this.configuration = new Configuration(configuration);
        // Local files go through the raw filesystem: Hadoop's default one writes a .crc file beside each
        // file, which the package's own SHA-256 checksums make redundant and which any reader of the
        // directory would rightly report as files the package does not list. Not cached, so a
        // checksumming instance another component (Spark) cached for file: is never used here.
        if (this.configuration.get("fs.file.impl") == null || this.configuration.get("fs.file.impl").equals(LOCAL_CHECKSUMMED)) {
            this.configuration.set("fs.file.impl", RawLocalFileSystem.class.getName());
            this.configuration.setBoolean("fs.file.impl.disable.cache", true);
        }
    }

    /** A Hadoop configuration with these settings on top of Hadoop's defaults (e.g. a profile's {@code hadoop.*} keys). */
    public static HadoopPackages withSettings(Map<String, String> settings) {
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        return new HadoopPackages(conf);
    }

    /**
     * Publishes a verified local package under {@code packagesDir} as {@code <packagesDir>/<model>-<semver>}
     * and returns its URI. Publishing the identical package again is a no-op; a different package under
     * a published name is refused with {@link PackageConflictException}.
     */
    public URI publish(ModelPackage pkg, URI packagesDir) {
        String name = pkg.dir().getFileName().toString();
        org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path(packagesDir);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(parent, name);
        org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(parent, "." + name + ".tmp-" + UUID.randomUUID());
        Path local = pkg.dir();
        try (FileSystem fs = fileSystem(packagesDir)) {
            try {
                return publish(fs, local, name, parent, target, temp);
            } finally {
                try {
                    if (fs.exists(temp)) fs.delete(temp, true);
                } catch (IOException ignored) {
                    // A leftover hidden temp directory is never read as a package.
                }
            }
        } catch (IOException e) {
            throw new PackageException("could not publish package " + name + " to " + target, local, e);
        }
    }

    private URI publish(FileSystem fs, Path local, String name, org.apache.hadoop.fs.Path parent,
                        org.apache.hadoop.fs.Path target, org.apache.hadoop.fs.Path temp) throws IOException {
        {
            if (fs.exists(target)) return existing(target, local);
            fs.mkdirs(parent);
            FileTree.Listing files = FileTree.list(local);
            for (var e : files.files().entrySet()) {
                try (InputStream in = Files.newInputStream(e.getValue());
                     FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(temp, e.getKey()), false)) {
                    in.transferTo(out);
                    out.hsync();
                }
            }
            if (!fs.rename(temp, target)) {
                // Another writer published first (rename refuses an existing target), or the rename failed.
                if (fs.exists(target)) return existing(target, local);
                throw new PackageException("could not publish package " + name, local,
                        List.of(PackageProblem.of(".", PackageProblem.Kind.MISSING, "the filesystem refused to rename " + temp + " to " + target)));
            }
            return target.toUri();
        }
    }

    /**
     * Checks a package on a Hadoop filesystem: copies it to a temporary local directory, verifies
     * that ({@link PackageVerifier}) and deletes it. The problems name files inside the package.
     */
    public Verification verify(URI packageDir, PublicKey trusted) {
        Path temp = null;
        try {
            temp = Files.createTempDirectory("pitstop-package-");
            Path copy = fetch(packageDir, temp.resolve(lastSegment(packageDir)));
            return PackageVerifier.verify(copy, trusted);
        } catch (PackageException e) {
            return new Verification(Path.of(lastSegment(packageDir)), e.problems().isEmpty()
                    ? List.of(PackageProblem.of(".", PackageProblem.Kind.MISSING, e.getMessage())) : e.problems());
        } catch (IOException e) {
            throw new PackageException("cannot make a local directory to verify " + packageDir + " in", Path.of("."), e);
        } finally {
            if (temp != null) deleteTree(temp);
        }
    }

    /**
     * Copies a package from a Hadoop filesystem into {@code localDir} (absent or empty) and opens the
     * copy, which verifies it first: a damaged package is refused before anything in it is loaded.
     */
    public ModelPackage open(URI packageDir, Path localDir, PublicKey trusted) {
        return ModelPackage.open(fetch(packageDir, localDir), trusted);
    }

    /** Whether a package directory exists at {@code packageDir}. */
    public boolean exists(URI packageDir) {
        try (FileSystem fs = fileSystem(packageDir)) {
            return fs.exists(new org.apache.hadoop.fs.Path(packageDir));
        } catch (IOException e) {
            throw new PackageException("cannot reach " + packageDir, Path.of(lastSegment(packageDir)), e);
        }
    }

    /** Deletes the package directory at {@code packageDir}; a missing one is a no-op. */
    public void delete(URI packageDir) {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(packageDir);
        try (FileSystem fs = fileSystem(packageDir)) {
            if (fs.exists(dir) && !fs.delete(dir, true)) {
                throw new IOException("the filesystem refused to delete it");
            }
        } catch (IOException e) {
            throw new PackageException("cannot delete package " + packageDir + ": " + e.getMessage(),
                    Path.of(lastSegment(packageDir)), e);
        }
    }

    /**
     * Copies every file under a package directory on a Hadoop filesystem into {@code localDir}.
     * Anything but plain files and directories (a symbolic link) is refused by name, as locally.
     */
    Path fetch(URI packageDir, Path localDir) {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(packageDir);
        Path into = localDir.toAbsolutePath().normalize();
        try (FileSystem fs = fileSystem(packageDir)) {
            if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
                throw new PackageException("no package directory at " + packageDir, into,
                        List.of(PackageProblem.of(".", PackageProblem.Kind.MISSING, "package directory " + packageDir + " does not exist")));
            }
            Map<String, FileStatus> files = new TreeMap<>();
            List<String> directories = new ArrayList<>();
            List<PackageProblem> notAllowed = new ArrayList<>();
            walk(fs, root, "", files, directories, notAllowed);
            if (!notAllowed.isEmpty()) throw new PackageException("package " + packageDir + " holds more than plain files", into, notAllowed);
            Files.createDirectories(into);
            // Directories are copied too, empty ones included, so the verifier sees one the package does not list.
            for (String d : directories) {
                Path out = into.resolve(d).normalize();
                if (out.startsWith(into)) Files.createDirectories(out);
            }
            for (var e : files.entrySet()) {
                Path out = into.resolve(e.getKey()).normalize();
                if (!out.startsWith(into)) {
                    throw new PackageException("package " + packageDir + " names a file outside itself", into,
                            List.of(PackageProblem.of(e.getKey(), PackageProblem.Kind.NOT_ALLOWED, "resolves to " + out)));
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = fs.open(e.getValue().getPath());
                     OutputStream o = Files.newOutputStream(out, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                    in.transferTo(o);
                }
            }
            return into;
        } catch (IOException e) {
            throw new PackageException("could not read package " + packageDir, into, e);
        }
    }

    private static void walk(FileSystem fs, org.apache.hadoop.fs.Path dir, String prefix, Map<String, FileStatus> files,
                             List<String> directories, List<PackageProblem> notAllowed) throws IOException {
        for (FileStatus status : fs.listStatus(dir)) {
            String path = prefix + status.getPath().getName();
            if (status.isSymlink()) {
                notAllowed.add(PackageProblem.of(path, PackageProblem.Kind.NOT_ALLOWED,
                        "a symbolic link; packages hold plain files only"));
            } else if (status.isDirectory()) {
                directories.add(path);
                walk(fs, status.getPath(), path + "/", files, directories, notAllowed);
            } else {
                files.put(path, status);
            }
        }
    }

    /** The identical package (same checksums, and intact) is a no-op; anything else under the name is a conflict. */
    private URI existing(org.apache.hadoop.fs.Path target, Path local) throws IOException {
        Path temp = Files.createTempDirectory("pitstop-package-");
        try {
            Path theirs = fetch(target.toUri(), temp.resolve(target.getName()));
            Map<String, String> their = ChecksumsFile.parse(Files.readAllBytes(theirs.resolve(ChecksumsFile.NAME))).entries();
            Map<String, String> ours = ChecksumsFile.parse(Files.readAllBytes(local.resolve(ChecksumsFile.NAME))).entries();
            List<PackageProblem> differences = new ArrayList<>();
            for (String path : new TreeMap<>(ours).keySet()) {
                if (!their.containsKey(path)) differences.add(PackageProblem.of(path, PackageProblem.Kind.MISSING, "not in the published package"));
                else if (!their.get(path).equals(ours.get(path))) {
                    differences.add(PackageProblem.of(path, PackageProblem.Kind.CHANGED, "published sha256 " + their.get(path)
                            + ", new sha256 " + ours.get(path)));
                }
            }
            for (String path : new TreeMap<>(their).keySet()) {
                if (!ours.containsKey(path)) differences.add(PackageProblem.of(path, PackageProblem.Kind.EXTRA, "only in the published package"));
            }
            if (!differences.isEmpty()) throw new PackageConflictException(Path.of(target.toUri().getPath()), differences);
            return target.toUri();
        } finally {
            deleteTree(temp);
        }
    }

    /**
     * A new filesystem client per operation, closed after it: Hadoop's shared cache keys clients by
     * scheme and authority only, so a cached one could carry another configuration (another viewfs
     * mount table, other S3A credentials).
     */
    private FileSystem fileSystem(URI uri) {
        try {
            return FileSystem.newInstance(uri, configuration);
        } catch (IOException e) {
            throw new PackageException("no Hadoop filesystem for " + uri + " (scheme '" + uri.getScheme()
                    + "'; check the profile's hadoop settings)", Path.of("."), e);
        }
    }

    /** The last path segment of a URI: the package directory's name. */
    static String lastSegment(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? "package" : name;
    }

    /** Deletes a local directory tree, leaving what cannot be deleted: only temporary copies go this way. */
    static void deleteTree(Path root) {
        try {
            FileTree.delete(root);
        } catch (IOException ignored) {
            // A leftover temp copy is harmless.
        }
    }
}
