package io.pitstop.engine.pkg;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signatures, keys from the profile, and the single-file archive of a package. */
class PackageSigningTest {

    @TempDir
    Path dir;
    Path staging;
    Path packages;

    @BeforeEach
    void stage() throws IOException {
        staging = dir.resolve("staging");
        packages = dir.resolve("packages");
        Files.createDirectories(staging.resolve("model"));
        Files.writeString(staging.resolve("model/network.zip"), "weights-v1");
        Files.writeString(staging.resolve("contract.yaml"), "dataset: telco\n");
    }

    private ModelPackage write(java.security.KeyPair pair) throws IOException {
        var manifest = PackageManifest.of("churn", SemVer.parse("1.0.0"), Instant.parse("2026-11-22T20:00:00Z"),
                Map.of("git.commit", "c0ffee"), Json.MAPPER.readTree("{\"seed\":7}"), Map.of("auc", 0.8));
        return new PackageWriter(packages, pair.getPrivate(), pair.getPublic()).write(staging, manifest);
    }

    @Test
    void aPackageIsSignedAndVerifiesAgainstTheTrustedKeyOnly() throws IOException {
        Path pkg = write(TestKeys.PAIR).dir();
        String id = PackageKeys.keyId(TestKeys.PAIR.getPublic());
        assertTrue(id.matches("[1-9A-F][0-9A-F]{0,15}"), id); // as minisign prints it: no leading zeros
        List<String> sig = Files.readAllLines(pkg.resolve("checksums.sha256.minisig"));
        assertEquals("untrusted comment: signature from Pitstop's package-signing key " + id, sig.get(0));
        assertEquals("trusted comment: timestamp:1795377600\tfile:checksums.sha256\thashed\tpackage:churn-1.0.0", sig.get(2));
        assertFalse(Files.exists(pkg.resolve("signature.ed25519")), "the first format is no longer written");
        Verification ok = PackageVerifier.verify(pkg, TestKeys.PAIR.getPublic());
        assertTrue(ok.ok(), ok.problems().toString());
        assertEquals(SignatureScheme.MINISIGN, ok.scheme());

        Verification other = PackageVerifier.verify(pkg, TestKeys.STRANGER.getPublic());
        assertEquals(PackageProblem.Kind.SIGNATURE, other.problemsOf("checksums.sha256.minisig").get(0).kind());
        assertTrue(other.problemsOf("checksums.sha256.minisig").get(0).detail().contains("signed by key " + id
                + ", but this configuration trusts key " + PackageKeys.keyId(TestKeys.STRANGER.getPublic())), other.problems().toString());
        // The package's own copy of the key is not the trusted one either, and is named as such.
        assertTrue(other.problemsOf("signing.pub").get(0).detail().contains("minisign public key " + id), other.problems().toString());
        var e = assertThrows(PackageException.class, () -> ModelPackage.open(pkg, TestKeys.STRANGER.getPublic()));
        assertTrue(e.getMessage().contains("checksums.sha256.minisig"), e.getMessage());
    }

    @Test
    void checksumsRecomputedAfterAnEditAreCaughtByTheSignature() throws IOException {
        Path pkg = write(TestKeys.PAIR).dir();
        // An attacker edits the contract and rewrites checksums and manifest sizes consistently: only the signature can tell.
        Files.writeString(pkg.resolve("contract.yaml"), "dataset: evil!\n"); // same size as before
        Path checksums = pkg.resolve("checksums.sha256");
        Files.writeString(checksums, Files.readString(checksums).replaceAll("[0-9a-f]{64}  contract.yaml",
                Sha256.of(pkg.resolve("contract.yaml")) + "  contract.yaml"));
        Verification v = PackageVerifier.verify(pkg, TestKeys.PAIR.getPublic());
        assertEquals(List.of("checksums.sha256.minisig"), v.problems().stream().map(PackageProblem::file).toList(), v.problems().toString());
        assertTrue(v.problems().get(0).detail().startsWith("bad signature: checksums.sha256 is not what key"), v.problems().toString());
    }

    @Test
    void aMissingOrForgedSignatureIsRefused() throws IOException {
        Path pkg = write(TestKeys.PAIR).dir();
        Path sig = pkg.resolve("checksums.sha256.minisig");
        String good = Files.readString(sig);
        Files.delete(sig);
        assertEquals("missing: the package is not signed",
                PackageVerifier.verify(pkg, TestKeys.PAIR.getPublic()).problemsOf("checksums.sha256.minisig").get(0).detail());
        // Same key id, different signature bytes.
        String[] lines = good.split("\n");
        char[] chars = lines[1].toCharArray();
        chars[40] = chars[40] == 'A' ? 'B' : 'A';
        Files.writeString(sig, lines[0] + "\n" + new String(chars) + "\n" + lines[2] + "\n" + lines[3] + "\n");
        assertTrue(PackageVerifier.verify(pkg, TestKeys.PAIR.getPublic()).problemsOf("checksums.sha256.minisig").get(0).detail()
                .startsWith("bad signature: checksums.sha256"));
        // The trusted comment is signed too.
        Files.writeString(sig, good.replace("package:churn-1.0.0", "package:churn-9.0.0"));
        assertTrue(PackageVerifier.verify(pkg, TestKeys.PAIR.getPublic()).problemsOf("checksums.sha256.minisig").get(0).detail()
                .startsWith("bad signature: the trusted comment"));
        // The untrusted one is not, as in minisign.
        Files.writeString(sig, good.replace("signature from", "anything at all, from"));
        assertTrue(PackageVerifier.verify(pkg, TestKeys.PAIR.getPublic()).ok());
        Files.writeString(sig, "garbage\n");
        assertTrue(PackageVerifier.verify(pkg, TestKeys.PAIR.getPublic()).problemsOf("checksums.sha256.minisig").get(0).detail()
                .startsWith("malformed"));
        // A signature file of the first format beside it is just a file nobody listed.
        Files.writeString(sig, good);
        Files.writeString(pkg.resolve("signature.ed25519"), "ed25519 0000000000000000 AAAA\n");
        assertEquals(PackageProblem.Kind.EXTRA, PackageVerifier.verify(pkg, TestKeys.PAIR.getPublic())
                .problemsOf("signature.ed25519").get(0).kind());
    }

    @Test
    void aVerifyingOnlyMachineOpensSignedPackagesButCannotSign() throws IOException {
        var profile = new Profile("t", dir, Map.of("keys.private", "k/release.key", "keys.public", "k/release.pub"));
        PackageKeys release = PackageKeys.of(profile);
        var pair = release.generate();
        Path pkg = write(pair).dir();

        PackageKeys loader = PackageKeys.verifyingOnly(dir.resolve("k/release.pub"));
        assertEquals(ModelPackage.open(pkg, release).manifestSha256(), ModelPackage.open(pkg, loader).manifestSha256());
        var e = assertThrows(PackageKeys.KeyException.class, loader::signingKey);
        assertTrue(e.getMessage().contains("no package-signing key"), e.getMessage());
        assertFalse(Files.exists(loader.privateKeyFile()), "nothing is created on a verifying-only machine");
    }

    @Test
    void keysInitMakesAnOwnerOnlyPrivateKeyAndRefusesToOverwrite() throws IOException {
        var profile = new Profile("t", dir, Map.of("keys.private", "k/release.key", "keys.public", "k/release.pub"));
        PackageKeys keys = PackageKeys.of(profile);
        assertFalse(keys.createIfMissing(), "a configured pair is never created implicitly");
        var e0 = assertThrows(PackageKeys.KeyException.class, keys::signingKey);
        assertTrue(e0.getMessage().contains("./pitstop keys init"), e0.getMessage());

        // A minisign key left from a pair that was removed is derived data: replaced by the new pair's.
        Files.createDirectories(dir.resolve("k"));
        Files.writeString(dir.resolve("k/release.minisign.pub"), "stale\n");
        var pair = keys.generate();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k/release.key"))));
        assertArrayEquals(MinisignPublicKey.of(pair.getPublic()).fileBytes(), Files.readAllBytes(dir.resolve("k/release.minisign.pub")));
        byte[] before = Files.readAllBytes(dir.resolve("k/release.key"));
        var e = assertThrows(PackageKeys.KeyException.class, keys::generate);
        assertTrue(e.getMessage().contains("release.key already exists"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("k/release.key")));

        // The pair read back from the files signs and verifies.
        Path pkg = new PackageWriter(packages, keys).write(staging, PackageManifest.of("churn", SemVer.parse("1.0.0"),
                Instant.EPOCH, Map.of(), null, Map.of())).dir();
        assertTrue(PackageVerifier.verify(pkg, keys).ok());
    }

    @Test
    void anArchiveRoundTripsAndIsDeterministic() throws IOException {
        ModelPackage pkg = write(TestKeys.PAIR);
        Path zip = PackageArchive.write(pkg, packages);
        assertEquals("churn-1.0.0.zip", zip.getFileName().toString());
        byte[] first = Files.readAllBytes(zip);
        assertArrayEquals(first, Files.readAllBytes(PackageArchive.write(pkg, packages)));
        Path out = PackageArchive.extract(zip, dir.resolve("out"));
        assertEquals(dir.resolve("out/churn-1.0.0"), out);
        assertEquals(pkg.manifestSha256(), ModelPackage.open(out, TestKeys.PAIR.getPublic()).manifestSha256());
    }

    @Test
    void anArchiveWithAnExtraEmptyDirectoryEntryIsRefusedWhenOpened() throws IOException {
        ModelPackage pkg = write(TestKeys.PAIR);
        Path zip = dir.resolve("with-dir.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             ZipInputStream in = new ZipInputStream(Files.newInputStream(PackageArchive.write(pkg, packages)))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entry(out, e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("churn-1.0.0/plugins/"));
            out.closeEntry();
        }
        Path extracted = PackageArchive.extract(zip, dir.resolve("out"));
        PackageException e = assertThrows(PackageException.class, () -> ModelPackage.open(extracted, TestKeys.PAIR.getPublic()));
        assertEquals(List.of("plugins/"), e.problems().stream().map(PackageProblem::file).toList(), e.getMessage());
    }

    @Test
    void anArchiveWithEntriesEscapingItsRootIsRefusedAndNothingIsExtracted() throws IOException {
        Path evil = dir.resolve("evil.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(evil))) {
            entry(zip, "churn-1.0.0/model/network.zip", "weights");
            entry(zip, "churn-1.0.0/../../escaped.txt", "pwned");
            entry(zip, "/tmp/absolute-" + dir.getFileName() + ".txt", "pwned");
        }
        Path into = dir.resolve("into");
        PackageException e = assertThrows(PackageException.class, () -> PackageArchive.extract(evil, into));
        assertEquals(List.of("/tmp/absolute-" + dir.getFileName() + ".txt", "churn-1.0.0/../../escaped.txt"),
                e.problems().stream().map(PackageProblem::file).sorted().toList(), e.getMessage());
        assertTrue(e.getMessage().contains("contains '..'") && e.getMessage().contains("an absolute path"), e.getMessage());
        assertFalse(Files.exists(into), "nothing may be extracted from a refused archive");
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
        assertFalse(Files.exists(Path.of("/tmp/absolute-" + dir.getFileName() + ".txt")));
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream o = zip;
        o.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
