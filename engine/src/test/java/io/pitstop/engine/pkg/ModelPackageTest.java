package io.pitstop.engine.pkg;

import io.pitstop.engine.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing, verifying and opening packages, including every way a package can be damaged. */
class ModelPackageTest {

    private static final Instant CREATED = Instant.parse("2026-11-22T20:15:00Z");

    @TempDir
    Path dir;
    Path staging;
    Path packages;
    static final KeyPair keys = TestKeys.PAIR;

    @BeforeEach
    void stage() throws IOException {
        staging = dir.resolve("staging");
        packages = dir.resolve("packages");
        write(staging.resolve("model/network.zip"), "weights-v1");
        write(staging.resolve("features.json"), "[\"tenure\",\"monthly_charges\"]\n");
        write(staging.resolve("gate-report.json"), "{\"passed\":true}\n");
        write(staging.resolve("model-card.md"), "# churn\n");
    }

    private PackageManifest manifest() throws IOException {
        return PackageManifest.of("churn", SemVer.parse("1.4.0"), CREATED,
                Map.of("git.commit", "c0ffee", "data.telco.md5", "abc123"),
                Json.MAPPER.readTree("{\"seed\":42,\"epochs\":20,\"network\":{\"layers\":[16,8]}}"),
                Map.of("auc", 0.84, "accuracy", 0.8));
    }

    private ModelPackage writePackage() throws IOException {
        return new PackageWriter(packages, keys.getPrivate(), keys.getPublic()).write(staging, manifest(), List.of("model/network.zip"));
    }

    @Test
    void writesADeterministicManifestAndSha256sumCompatibleChecksums() throws IOException {
        ModelPackage pkg = writePackage();
        assertEquals(packages.resolve("churn-1.4.0").toAbsolutePath(), pkg.dir());
        String manifest = Files.readString(pkg.dir().resolve("manifest.json"));
        assertEquals("""
                {
                  "createdAt": "2026-11-22T20:15:00Z",
                  "files": [
                    {
                      "path": "features.json",
                      "size": 29
                    },
                    {
                      "path": "gate-report.json",
                      "size": 16
                    },
                    {
                      "path": "model-card.md",
                      "size": 8
                    },
                    {
                      "path": "model/network.zip",
                      "size": 10
                    },
                    {
                      "path": "signing.pub",
                      "size": 113
                    }
                  ],
                  "formatVersion": 1,
                  "lineage": {
                    "data.telco.md5": "abc123",
                    "git.commit": "c0ffee"
                  },
                  "metrics": {
                    "accuracy": 0.8,
                    "auc": 0.84
                  },
                  "model": "churn",
                  "params": {
                    "epochs": 20,
                    "network": {
                      "layers": [
                        16,
                        8
                      ]
                    },
                    "seed": 42
                  },
                  "version": "1.4.0"
                }
                """, manifest);

        List<String> lines = Files.readAllLines(pkg.dir().resolve("checksums.sha256"));
        assertEquals(List.of("features.json", "gate-report.json", "manifest.json", "model-card.md", "model/network.zip", "signing.pub"),
                lines.stream().map(l -> l.substring(66)).toList());
        assertTrue(lines.stream().allMatch(l -> l.matches("[0-9a-f]{64}  \\S.*")), lines.toString());
        // The digest of "weights-v1" exactly as `printf weights-v1 | sha256sum` prints it.
        assertTrue(lines.contains("c0ab742f68a24ef362b5529351eb13561e746b70a0f815efe7b64b570b477851  model/network.zip"), lines.toString());
        assertEquals(Sha256.of(Files.readAllBytes(pkg.dir().resolve("manifest.json"))), pkg.manifestSha256());
    }

    @Test
    void anIntactPackageVerifiesAndOpensWithItsManifest() throws IOException {
        Path written = writePackage().dir();
        Verification v = PackageVerifier.verify(written, keys.getPublic());
        assertTrue(v.ok(), v.problems().toString());
        ModelPackage pkg = ModelPackage.open(written, keys.getPublic());
        assertEquals(SemVer.parse("1.4.0"), pkg.version());
        assertEquals("churn", pkg.model());
        assertEquals(Map.of("auc", 0.84, "accuracy", 0.8), pkg.manifest().metrics());
        assertEquals(42, pkg.manifest().params().get("seed").asInt());
        assertEquals(written.resolve("model/network.zip"), pkg.resolve("model/network.zip"));
        assertEquals(written.resolve("model"), pkg.resolve("model/"));
        assertThrows(IllegalArgumentException.class, () -> pkg.resolve("../churn-1.3.0/model"));
        var typo = assertThrows(IllegalArgumentException.class, () -> pkg.resolve("model/netwrk.zip"));
        assertTrue(typo.getMessage().contains("model/network.zip"), "lists what the package has: " + typo.getMessage());
    }

    @Test
    void aFlippedByteIsRefusedNamingTheFileWithBothHashes() throws IOException {
        Path written = writePackage().dir();
        Path model = written.resolve("model/network.zip");
        String expected = Sha256.of(model);
        byte[] bytes = Files.readAllBytes(model);
        bytes[3] ^= 0x01;
        Files.write(model, bytes);

        PackageException e = assertThrows(PackageException.class, () -> ModelPackage.open(written, keys.getPublic()));
        assertEquals(1, e.problems().size(), e.getMessage());
        PackageProblem p = e.problems().get(0);
        assertEquals("model/network.zip", p.file());
        assertEquals(PackageProblem.Kind.CHANGED, p.kind());
        assertTrue(p.detail().contains(expected) && p.detail().contains(Sha256.of(bytes)), p.detail());
        assertTrue(e.getMessage().contains("model/network.zip"), e.getMessage());
    }

    @Test
    void anExtraFileIsRefused() throws IOException {
        Path written = writePackage().dir();
        write(written.resolve("model/backdoor.bin"), "x");
        Verification v = PackageVerifier.verify(written, keys.getPublic());
        assertFalse(v.ok());
        assertEquals(PackageProblem.Kind.EXTRA, v.problemsOf("model/backdoor.bin").get(0).kind());
        assertThrows(PackageException.class, () -> ModelPackage.open(written, keys.getPublic()));
    }

    @Test
    void anExtraDirectoryIsRefusedEvenWhenEmpty() throws IOException {
        Path written = writePackage().dir();
        Files.createDirectories(written.resolve("hidden"));
        Files.createDirectories(written.resolve("model/empty/deeper"));
        Verification v = PackageVerifier.verify(written, keys.getPublic());
        assertFalse(v.ok());
        // Only the outermost extra directory is named: what is inside it goes with it.
        assertEquals(List.of("hidden/", "model/empty/"), v.problems().stream().map(PackageProblem::file).toList());
        assertTrue(v.problems().stream().allMatch(p -> p.kind() == PackageProblem.Kind.EXTRA), v.problems().toString());
        assertTrue(v.problemsOf("hidden/").get(0).detail().contains("a directory checksums.sha256 does not list"), v.problems().toString());
        PackageException e = assertThrows(PackageException.class, () -> ModelPackage.open(written, keys.getPublic()));
        assertTrue(e.getMessage().contains("hidden/"), e.getMessage());
    }

    @Test
    void aDirectoryHoldingOnlyUnlistedFilesIsNamedOnceThroughItsFiles() throws IOException {
        Path written = writePackage().dir();
        write(written.resolve("extra/notes.txt"), "x");
        Verification v = PackageVerifier.verify(written, keys.getPublic());
        assertEquals(List.of("extra/notes.txt"), v.problems().stream().map(PackageProblem::file).toList());
    }

    @Test
    void aMissingFileIsRefused() throws IOException {
        Path written = writePackage().dir();
        Files.delete(written.resolve("gate-report.json"));
        Verification v = PackageVerifier.verify(written, keys.getPublic());
        assertEquals(List.of(PackageProblem.Kind.MISSING), v.problemsOf("gate-report.json").stream().map(PackageProblem::kind).toList());
        assertEquals(1, v.problems().size(), v.problems().toString());
    }

    @Test
    void aTamperedChecksumsLineIsRefusedWithItsLineNumber() throws IOException {
        Path written = writePackage().dir();
        Path checksums = written.resolve("checksums.sha256");
        List<String> lines = Files.readAllLines(checksums);
        lines.set(1, "not-a-hash  gate-report.json");
        Files.write(checksums, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

        Verification v = PackageVerifier.verify(written, keys.getPublic());
        PackageProblem malformed = v.problemsOf("checksums.sha256").get(0);
        assertEquals(PackageProblem.Kind.MALFORMED_CHECKSUMS, malformed.kind());
        assertEquals(2, malformed.line());
        assertTrue(malformed.toString().startsWith("checksums.sha256:2: line 2"), malformed.toString());
        // The file that line was meant to cover is no longer vouched for.
        assertEquals(PackageProblem.Kind.EXTRA, v.problemsOf("gate-report.json").get(0).kind());
    }

    @Test
    void aChecksumsLineRecomputedForAChangedFileIsStillCaughtByTheManifestSize() throws IOException {
        Path written = writePackage().dir();
        write(written.resolve("features.json"), "[\"tenure\"]\n");
        Path checksums = written.resolve("checksums.sha256");
        String text = Files.readString(checksums).replaceAll("[0-9a-f]{64}  features.json",
                Sha256.of(written.resolve("features.json")) + "  features.json");
        Files.writeString(checksums, text);

        Verification v = PackageVerifier.verify(written, keys.getPublic());
        assertEquals(PackageProblem.Kind.MANIFEST_MISMATCH, v.problemsOf("features.json").get(0).kind());
    }

    @Test
    void anUnreadableManifestIsReported() throws IOException {
        Path written = writePackage().dir();
        Files.writeString(written.resolve("manifest.json"), "{ not json");
        Path checksums = written.resolve("checksums.sha256");
        Files.writeString(checksums, Files.readString(checksums).replaceAll("[0-9a-f]{64}  manifest.json",
                Sha256.of(written.resolve("manifest.json")) + "  manifest.json"));
        PackageProblem p = PackageVerifier.verify(written, keys.getPublic()).problemsOf("manifest.json").get(0);
        assertEquals(PackageProblem.Kind.MANIFEST_UNREADABLE, p.kind());
        assertTrue(p.detail().contains("not valid JSON"), p.detail());
    }

    @Test
    void writingTheIdenticalPackageAgainIsANoOpAndADifferentOneIsRefused() throws IOException {
        ModelPackage first = writePackage();
        long modified = Files.getLastModifiedTime(first.dir().resolve("manifest.json")).toMillis();
        ModelPackage again = writePackage();
        assertEquals(first.manifestSha256(), again.manifestSha256());
        assertEquals(modified, Files.getLastModifiedTime(first.dir().resolve("manifest.json")).toMillis());

        write(staging.resolve("model/network.zip"), "weights-v2");
        PackageConflictException e = assertThrows(PackageConflictException.class, this::writePackage);
        assertTrue(e.problems().stream().anyMatch(p -> p.file().equals("model/network.zip")), e.getMessage());
        assertArrayEquals("weights-v1".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(first.dir().resolve("model/network.zip")));
        assertOnlyPackageDirectories("churn-1.4.0");
    }

    @Test
    void aFailedWriteLeavesNoPartialDirectory() throws IOException {
        PackageWriter writer = new PackageWriter(packages, keys.getPrivate(), keys.getPublic());
        PackageException e = assertThrows(PackageException.class,
                () -> writer.write(staging, manifest(), List.of("model/network.zip", "contract.yaml")));
        assertEquals(List.of("contract.yaml"), e.problems().stream().map(PackageProblem::file).toList());
        assertFalse(Files.exists(packages.resolve("churn-1.4.0")));
        assertOnlyPackageDirectories();
    }

    @Test
    void stagingMayNotContainTheFilesTheWriterCreates() throws IOException {
        write(staging.resolve("checksums.sha256"), "forged\n");
        PackageException e = assertThrows(PackageException.class, this::writePackage);
        assertEquals(PackageProblem.Kind.NOT_ALLOWED, e.problems().get(0).kind());
        assertFalse(Files.exists(packages.resolve("churn-1.4.0")));
    }

    private void assertOnlyPackageDirectories(String... names) throws IOException {
        if (!Files.exists(packages)) {
            assertEquals(0, names.length);
            return;
        }
        try (Stream<Path> children = Files.list(packages)) {
            assertEquals(List.of(names), children.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary directories may be left behind");
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
