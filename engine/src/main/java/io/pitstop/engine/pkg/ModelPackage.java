package io.pitstop.engine.pkg;

import io.pitstop.engine.artifact.ReleaseLineage;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * A verified model package on disk. The only way to get one is {@link #open}, which checks every
 * checksum and the signature first, so holding a {@code ModelPackage} means its files were intact when opened.
 *
 * <pre>
 * ModelPackage pkg = ModelPackage.open(Path.of(".pitstop/packages/churn-1.4.0"), PackageKeys.of(profile));
 * Path model = pkg.resolve("model/network.zip");
 * </pre>
 */
public final class ModelPackage {

    private final Path dir;
    private final PackageManifest manifest;
    private final String manifestSha256;

    private ModelPackage(Path dir, PackageManifest manifest, String manifestSha256) {
        this.dir = dir;
        this.manifest = manifest;
        this.manifestSha256 = manifestSha256;
    }

    /** Verifies and opens a package; refuses one with any problem, listing them all. */
    public static ModelPackage open(Path dir, PackageKeys keys) {
        return open(dir, keys.trustedKey());
    }

    /** Verifies (checksums, manifest and the signature by {@code trusted}) and opens a package; refuses one with any problem. */
    public static ModelPackage open(Path dir, PublicKey trusted) {
        Path absolute = dir.toAbsolutePath().normalize();
        PackageVerifier.Inspection inspection = PackageVerifier.inspect(absolute, trusted);
        if (!inspection.verification().ok()) {
            throw new PackageException("package " + absolute + " failed verification and was not loaded", absolute,
                    inspection.verification().problems());
        }
        return new ModelPackage(absolute, inspection.manifest(), inspection.manifestSha256());
    }

    public Path dir() {
        return dir;
    }

    public PackageManifest manifest() {
        return manifest;
    }

    public String model() {
        return manifest.model();
    }

    public SemVer version() {
        return manifest.version();
    }

    /** SHA-256 of manifest.json: identifies the whole package (the manifest covers every other file's size, checksums their content). */
    public String manifestSha256() {
        return manifestSha256;
    }

    /** Every file of the package except manifest.json and checksums.sha256, sorted by path. */
    public List<PackageFile> files() {
        return manifest.files();
    }

    /**
     * A file or directory of the package, e.g. {@code model/} or {@code features.json}. Refuses paths
     * that leave the package or name nothing in it, so a typo fails here rather than at load time.
     */
    public Path resolve(PackageLayout part) {
        return resolve(part.path());
    }

    /** Whether the package has the part (older packages lack some, e.g. {@link PackageLayout#PROFILE}). */
    public boolean has(PackageLayout part) {
        return manifest.files().stream().anyMatch(f -> f.path().equals(part.path()) || f.path().startsWith(part.path() + "/"));
    }

    /** Where the released model came from, typed ({@link ReleaseLineage}), from the manifest's lineage block. */
    public ReleaseLineage lineage() {
        return ReleaseLineage.of(manifest.lineage());
    }

    public Path resolve(String relativePath) {
        Objects.requireNonNull(relativePath, "relativePath");
        String path = relativePath.endsWith("/") ? relativePath.substring(0, relativePath.length() - 1) : relativePath;
        if (!ChecksumsFile.isPackagePath(path)) {
            throw new IllegalArgumentException("'" + relativePath + "' is not a relative path inside package " + dir);
        }
        boolean known = path.equals(PackageVerifier.MANIFEST) || manifest.files().stream()
                .anyMatch(f -> f.path().equals(path) || f.path().startsWith(path + "/"));
        if (!known) {
            throw new IllegalArgumentException("package " + dir + " has no file or directory '" + relativePath + "'; it has "
                    + manifest.files().stream().map(PackageFile::path).toList());
        }
        return dir.resolve(path);
    }

    @Override
    public String toString() {
        return manifest.directoryName() + " (" + dir + ")";
    }
}
