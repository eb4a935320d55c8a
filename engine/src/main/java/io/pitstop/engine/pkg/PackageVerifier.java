package io.pitstop.engine.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a package directory against its {@code checksums.sha256}: every listed file is there with
 * the recorded SHA-256, nothing unlisted is there (no file, no empty directory), the list itself is well formed, the manifest
 * is readable and agrees with it, and {@code checksums.sha256.minisig} is the trusted key's minisign
 * signature of the checksums (or, in a package written before, {@code signature.ed25519} the trusted key's
 * signature in Pitstop's first format: {@link SignatureScheme}). Collects every problem rather than stopping at the first, so a
 * damaged package is described completely in one go. A result, not an exception:
 * {@link ModelPackage#open} is where a bad package is refused.
 */
public final class PackageVerifier {

    static final String MANIFEST = "manifest.json";

    /** What one inspection found: the verdict and, when the manifest could be read, the manifest and its hash. */
    record Inspection(Verification verification, PackageManifest manifest, String manifestSha256) {
    }

    private PackageVerifier() {
    }

    /** Checks a package against the profile's trusted key ({@link PackageKeys#trustedKey()}). */
    public static Verification verify(Path dir, PackageKeys keys) {
        return verify(dir, keys.trustedKey());
    }

    public static Verification verify(Path dir, PublicKey trusted) {
        return inspect(dir, trusted).verification();
    }

    static Inspection inspect(Path dir, PublicKey trusted) {
        List<PackageProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            problems.add(PackageProblem.of(".", PackageProblem.Kind.MISSING, "package directory " + dir + " does not exist"));
            return new Inspection(new Verification(dir, problems), null, null);
        }
        byte[] checksumBytes;
        try {
            checksumBytes = Files.readAllBytes(dir.resolve(ChecksumsFile.NAME));
        } catch (NoSuchFileException e) {
            problems.add(PackageProblem.of(ChecksumsFile.NAME, PackageProblem.Kind.MISSING,
                    "missing: without it no file of the package can be trusted"));
            return new Inspection(new Verification(dir, problems), null, null);
        } catch (IOException e) {
            problems.add(PackageProblem.of(ChecksumsFile.NAME, PackageProblem.Kind.MISSING, "unreadable: " + e.getMessage()));
            return new Inspection(new Verification(dir, problems), null, null);
        }
        ChecksumsFile.Parsed listed = ChecksumsFile.parse(checksumBytes);
        problems.addAll(listed.problems());

        FileTree.Listing present;
        try {
            present = FileTree.list(dir);
        } catch (IOException e) {
            problems.add(PackageProblem.of(".", PackageProblem.Kind.MISSING, "cannot list the package: " + e.getMessage()));
            return new Inspection(new Verification(dir, problems), null, null);
        }
        problems.addAll(present.notAllowed());
        // The signature file is the one file besides the checksums that the checksums cannot list.
        SignatureScheme scheme = present.files().containsKey(SignatureScheme.MINISIGN.file()) ? SignatureScheme.MINISIGN
                : present.files().containsKey(SignatureScheme.PITSTOP_ED25519_V1.file()) ? SignatureScheme.PITSTOP_ED25519_V1
                : SignatureScheme.MINISIGN;

        Map<String, Long> sizes = new HashMap<>();
        byte[] manifestBytes = null;
        for (var entry : listed.entries().entrySet()) {
            String path = entry.getKey();
            Path file = present.files().get(path);
            if (file == null) {
                boolean irregular = present.notAllowed().stream().anyMatch(p -> p.file().equals(path));
                if (!irregular) problems.add(PackageProblem.of(path, PackageProblem.Kind.MISSING, "listed in checksums.sha256 but missing"));
                continue;
            }
            try {
                // The manifest is hashed from the very bytes that are then parsed, so what is checked is what is read.
                String actual;
                if (path.equals(MANIFEST)) {
                    manifestBytes = Files.readAllBytes(file);
                    actual = Sha256.of(manifestBytes);
                } else {
                    actual = Sha256.of(file);
                }
                sizes.put(path, Files.size(file));
                if (!actual.equals(entry.getValue())) {
                    problems.add(PackageProblem.of(path, PackageProblem.Kind.CHANGED,
                            "content changed: expected sha256 " + entry.getValue() + ", found " + actual));
                    if (path.equals(MANIFEST)) manifestBytes = null;
                }
            } catch (IOException e) {
                problems.add(PackageProblem.of(path, PackageProblem.Kind.MISSING, "unreadable: " + e.getMessage()));
            }
        }
        for (String path : present.files().keySet()) {
            if (!path.equals(ChecksumsFile.NAME) && !path.equals(scheme.file()) && !listed.entries().containsKey(path)) {
                problems.add(PackageProblem.of(path, PackageProblem.Kind.EXTRA, "not listed in checksums.sha256"));
            }
        }
        for (String directory : present.emptyDirectories()) {
            problems.add(PackageProblem.of(directory, PackageProblem.Kind.EXTRA,
                    "a directory checksums.sha256 does not list: a package holds only the files it lists, no empty directory"));
        }

        PackageManifest manifest = null;
        if (!listed.entries().containsKey(MANIFEST)) {
            problems.add(PackageProblem.of(MANIFEST, PackageProblem.Kind.MANIFEST_UNREADABLE,
                    present.files().containsKey(MANIFEST) ? "not covered by checksums.sha256" : "missing"));
        } else if (manifestBytes != null) {
            try {
                manifest = ManifestJson.read(manifestBytes);
                problems.addAll(compare(manifest, listed.entries().keySet(), sizes));
            } catch (ManifestJson.ManifestFormatException e) {
                problems.add(PackageProblem.of(MANIFEST, PackageProblem.Kind.MANIFEST_UNREADABLE, "unreadable: " + e.getMessage()));
            }
        }
        problems.addAll(checkSignature(dir, present, scheme, trusted, manifestBytes, checksumBytes));
        problems.addAll(checkSigningKey(present, listed.entries(), trusted));
        Verification verification = new Verification(dir, problems, scheme);
        return verification.ok()
                ? new Inspection(verification, manifest, Sha256.of(manifestBytes))
                : new Inspection(verification, null, null);
    }

    /** The signature must be there and made by the trusted key over exactly these checksums (and, in the first format, manifest) bytes. */
    private static List<PackageProblem> checkSignature(Path dir, FileTree.Listing present, SignatureScheme scheme, PublicKey trusted,
                                                       byte[] manifestBytes, byte[] checksumBytes) {
        String name = scheme.file();
        if (!present.files().containsKey(name)) {
            return List.of(PackageProblem.of(name, PackageProblem.Kind.SIGNATURE, "missing: the package is not signed"));
        }
        try {
            byte[] signature = Files.readAllBytes(dir.resolve(name));
            String why;
            if (scheme == SignatureScheme.MINISIGN) {
                why = MinisignSignature.problem(signature, trusted, checksumBytes);
            } else {
                if (manifestBytes == null) return List.of(); // the manifest's own problem is already reported
                why = LegacySignature.problem(signature, trusted, manifestBytes, checksumBytes);
            }
            return why == null ? List.of() : List.of(PackageProblem.of(name, PackageProblem.Kind.SIGNATURE, why));
        } catch (IOException e) {
            return List.of(PackageProblem.of(name, PackageProblem.Kind.SIGNATURE, "unreadable: " + e.getMessage()));
        }
    }

    /**
     * A package's {@code signing.pub} must be the trusted key: the checksums vouch for its bytes, not for
     * whose key it is, and a user checking the package with it should get the key Pitstop checked it with.
     */
    private static List<PackageProblem> checkSigningKey(FileTree.Listing present, Map<String, String> listed, PublicKey trusted) {
        Path file = present.files().get(PackageWriter.SIGNING_KEY);
        if (file == null || !listed.containsKey(PackageWriter.SIGNING_KEY)) return List.of();
        try {
            MinisignPublicKey theirs = MinisignPublicKey.parse(Files.readAllBytes(file));
            MinisignPublicKey ours = MinisignPublicKey.of(trusted);
            return theirs.equals(ours) ? List.of() : List.of(PackageProblem.of(PackageWriter.SIGNING_KEY, PackageProblem.Kind.SIGNATURE,
                    "holds " + theirs + ", but this configuration trusts key " + ours.keyIdText()));
        } catch (IOException | IllegalArgumentException e) {
            return List.of(PackageProblem.of(PackageWriter.SIGNING_KEY, PackageProblem.Kind.SIGNATURE, e.getMessage()));
        }
    }

    /** The manifest's file list must name exactly the checksummed files (bar itself) with their sizes. */
    private static List<PackageProblem> compare(PackageManifest manifest, Set<String> checksummed, Map<String, Long> sizes) {
        List<PackageProblem> out = new ArrayList<>();
        Set<String> inManifest = new TreeSet<>();
        for (PackageFile f : manifest.files()) {
            inManifest.add(f.path());
            if (!checksummed.contains(f.path())) {
                out.add(PackageProblem.of(f.path(), PackageProblem.Kind.MANIFEST_MISMATCH,
                        "listed in manifest.json but not in checksums.sha256"));
            } else if (sizes.containsKey(f.path()) && sizes.get(f.path()) != f.size()) {
                out.add(PackageProblem.of(f.path(), PackageProblem.Kind.MANIFEST_MISMATCH,
                        "manifest.json says " + f.size() + " bytes, the file has " + sizes.get(f.path())));
            }
        }
        for (String path : checksummed) {
            if (!path.equals(MANIFEST) && !inManifest.contains(path)) {
                out.add(PackageProblem.of(path, PackageProblem.Kind.MANIFEST_MISMATCH,
                        "listed in checksums.sha256 but not in manifest.json"));
            }
        }
        return out;
    }
}
