package io.pitstop.engine.pkg;

import io.pitstop.engine.fault.KillPoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Turns a staging directory into a package {@code <packagesDir>/<model>-<version>/}: the staged
 * files, {@code signing.pub}, {@code manifest.json}, {@code checksums.sha256} and its signature
 * {@code checksums.sha256.minisig}.
 *
 * <p>A package appears whole or not at all. Everything is written into a hidden sibling directory,
 * flushed to disk, checked, and only then renamed into place in one atomic step; a failure (or a
 * killed process) before the rename leaves no package. A version names one package forever:
 * writing the identical package again is a no-op, writing a different one under an existing name
 * is refused with {@link PackageConflictException}.
 *
 * <p>The package is signed with the private key the writer is given, in minisign's format
 * ({@link MinisignSignature}) over {@code checksums.sha256}, which lists every other file, the manifest
 * included; so {@code sha256sum -c checksums.sha256} and {@code minisign -Vm checksums.sha256 -p <key>}
 * check the whole package with stock tools. {@code signing.pub}, the public key in minisign's format, is
 * one of the listed files: a convenience for someone who has only the package, whose key id they must
 * still compare with the one they trust. The rename publishes the package only after the signature is on disk.
 */
public final class PackageWriter {

    /** The public key in minisign's format, as a file of the package. */
    public static final String SIGNING_KEY = "signing.pub";
    private static final Set<String> RESERVED = Set.of(PackageVerifier.MANIFEST, ChecksumsFile.NAME, SIGNING_KEY,
            SignatureScheme.MINISIGN.file(), SignatureScheme.PITSTOP_ED25519_V1.file());

    private final Path packagesDir;
    private final PrivateKey signingKey;
    private final PublicKey publicKey;

    /** A writer that signs with {@code keys}' private key (made first if the keys allow it). */
    public PackageWriter(Path packagesDir, PackageKeys keys) {
        this(packagesDir, keys.signingKey(), keys.trustedKey());
        // Where users look for the key to check a package with: beside the release key.
        keys.writeMinisignPublicKey();
    }

    public PackageWriter(Path packagesDir, PrivateKey signingKey, PublicKey publicKey) {
        this.packagesDir = Objects.requireNonNull(packagesDir, "packagesDir").toAbsolutePath().normalize();
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    /** Packages every file of the staging directory. */
    public ModelPackage write(Path stagingDir, PackageManifest manifest) {
        return write(stagingDir, manifest, List.of());
    }

    /**
     * Packages every file of the staging directory; {@code requiredFiles} (package paths such as
     * {@code model/network.zip}) must be among them. The manifest's {@code files} are replaced by
     * what was actually packaged.
     */
    public ModelPackage write(Path stagingDir, PackageManifest manifest, Collection<String> requiredFiles) {
        Objects.requireNonNull(manifest, "manifest");
        Path staging = stagingDir.toAbsolutePath().normalize();
        Path target = packagesDir.resolve(manifest.directoryName());
        FileTree.Listing staged = listStaging(staging);

        Path temp = packagesDir.resolve("." + manifest.directoryName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(packagesDir);
            byte[] checksums = build(staged.files(), manifest, temp);
            List<PackageProblem> missing = new ArrayList<>();
            for (String required : new TreeSet<>(requiredFiles)) {
                if (!staged.files().containsKey(required)) {
                    missing.add(PackageProblem.of(required, PackageProblem.Kind.MISSING, "required by the caller but not staged in " + staging));
                }
            }
            if (!missing.isEmpty()) throw new PackageException("cannot package " + manifest.directoryName(), staging, missing);
            return publish(temp, target, checksums);
        } catch (IOException e) {
            throw new PackageException("could not write package " + target, target, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static FileTree.Listing listStaging(Path staging) {
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            throw new PackageException("cannot package: staging directory is missing", staging,
                    List.of(PackageProblem.of(".", PackageProblem.Kind.MISSING, "staging directory " + staging + " does not exist")));
        }
        FileTree.Listing listing;
        try {
            listing = FileTree.list(staging);
        } catch (IOException e) {
            throw new PackageException("cannot list staging directory " + staging, staging, e);
        }
        List<PackageProblem> problems = new ArrayList<>(listing.notAllowed());
        for (String name : RESERVED) {
            if (listing.files().containsKey(name)) {
                problems.add(PackageProblem.of(name, PackageProblem.Kind.NOT_ALLOWED, "reserved: the writer creates " + name));
            }
        }
        for (String path : listing.files().keySet()) {
            if (!ChecksumsFile.isPackagePath(path)) {
                problems.add(PackageProblem.of(path, PackageProblem.Kind.NOT_ALLOWED, "file name cannot be listed in checksums.sha256"));
            }
        }
        if (!problems.isEmpty()) throw new PackageException("cannot package staging directory " + staging, staging, problems);
        return listing;
    }

    /** Copies and hashes every file into {@code temp}, adds manifest and checksums; returns the checksums' bytes. */
    private byte[] build(SortedMap<String, Path> files, PackageManifest manifest, Path temp) throws IOException {
        Files.createDirectory(temp);
        SortedMap<String, String> sha256 = new TreeMap<>();
        List<PackageFile> listed = new ArrayList<>();
        for (var e : files.entrySet()) {
            Path destination = temp.resolve(e.getKey());
            Files.createDirectories(destination.getParent());
            MessageDigest digest = Sha256.digest();
            long size;
            // Hash the bytes as they are copied, so the checksum describes exactly what was written.
            try (InputStream in = new DigestInputStream(Files.newInputStream(e.getValue()), digest);
                 FileChannel out = FileChannel.open(destination, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                size = in.transferTo(Channels.newOutputStream(out));
                out.force(true);
            }
            sha256.put(e.getKey(), Sha256.hex(digest));
            listed.add(new PackageFile(e.getKey(), size));
        }
        byte[] signingKey = MinisignPublicKey.of(publicKey).fileBytes();
        writeDurably(temp.resolve(SIGNING_KEY), signingKey);
        sha256.put(SIGNING_KEY, Sha256.of(signingKey));
        listed.add(new PackageFile(SIGNING_KEY, signingKey.length));
        listed.sort(Comparator.comparing(PackageFile::path));
        KillPoint.reach(KillPoint.PACKAGING);
        byte[] manifestBytes = ManifestJson.write(manifest.withFiles(listed));
        writeDurably(temp.resolve(PackageVerifier.MANIFEST), manifestBytes);
        sha256.put(PackageVerifier.MANIFEST, Sha256.of(manifestBytes));
        byte[] checksums = ChecksumsFile.render(sha256);
        writeDurably(temp.resolve(ChecksumsFile.NAME), checksums);
        // minisign's default trusted comment (timestamp, file, "hashed" for the prehashed variant) plus the
        // package; the manifest's time keeps the bytes deterministic.
        String trusted = "timestamp:" + manifest.createdAt().getEpochSecond() + "\tfile:" + ChecksumsFile.NAME + "\thashed"
                + "\tpackage:" + manifest.directoryName();
        writeDurably(temp.resolve(SignatureScheme.MINISIGN.file()),
                MinisignSignature.sign(this.signingKey, publicKey, checksums, trusted));
        syncDirectories(temp);
        return checksums;
    }

    /** Renames the finished package into place, or settles what to do when the name is taken. */
    private ModelPackage publish(Path temp, Path target, byte[] checksums) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return existing(target, checksums);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // Another writer got there between the check and the rename.
            return existing(target, checksums);
        } catch (AtomicMoveNotSupportedException e) {
            throw new PackageException("the packages directory " + packagesDir + " does not support atomic renames", target, e);
        }
        syncDirectory(packagesDir);
        return ModelPackage.open(target, publicKey);
    }

    /** The identical package is a no-op; anything else under the same name is a conflict. */
    private ModelPackage existing(Path target, byte[] checksums) throws IOException {
        List<PackageProblem> differences = new ArrayList<>();
        Path existingChecksums = target.resolve(ChecksumsFile.NAME);
        Map<String, String> theirs = Files.isRegularFile(existingChecksums)
                ? ChecksumsFile.parse(Files.readAllBytes(existingChecksums)).entries() : Map.of();
        Map<String, String> ours = ChecksumsFile.parse(checksums).entries();
        for (String path : new TreeMap<>(ours).keySet()) {
            if (!theirs.containsKey(path)) {
                differences.add(PackageProblem.of(path, PackageProblem.Kind.MISSING, "not in the existing package"));
            } else if (!theirs.get(path).equals(ours.get(path))) {
                differences.add(PackageProblem.of(path, PackageProblem.Kind.CHANGED, "existing sha256 " + theirs.get(path)
                        + ", new sha256 " + ours.get(path)));
            }
        }
        for (String path : new TreeMap<>(theirs).keySet()) {
            if (!ours.containsKey(path)) differences.add(PackageProblem.of(path, PackageProblem.Kind.EXTRA, "only in the existing package"));
        }
        if (!differences.isEmpty()) throw new PackageConflictException(target, differences);
        // Same checksums: the same package, provided the existing copy is still intact (open verifies it).
        return ModelPackage.open(target, publicKey);
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) out.write(buffer);
            out.force(true);
        }
    }

    /** Flushes every directory entry under root (deepest first) so the rename publishes durable content. */
    private static void syncDirectories(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path dir : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) syncDirectory(dir);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or flush a directory; the files themselves are already flushed.
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            FileTree.delete(root);
        } catch (IOException e) {
            // A leftover hidden temp directory is harmless: it is never read as a package.
        }
    }
}
