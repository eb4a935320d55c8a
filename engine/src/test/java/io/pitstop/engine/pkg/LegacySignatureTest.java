package io.pitstop.engine.pkg;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A package exactly as Pitstop wrote it before it signed with minisign (the golden copy in
 * {@code src/test/resources/packages/pitstop-ed25519-v1}): it still verifies and opens, so a release made
 * before the change can be scored with and rolled back to, and it is still refused when changed.
 */
class LegacySignatureTest {

    private static final Path FIXTURE = Path.of("src/test/resources/packages/pitstop-ed25519-v1");

    @TempDir
    Path dir;
    Path pkg;
    PackageKeys keys;

    @BeforeEach
    void copyFixture() throws Exception {
        try (Stream<Path> walk = Files.walk(FIXTURE)) {
            for (Path p : walk.toList()) {
                Path to = dir.resolve(FIXTURE.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        pkg = dir.resolve("churn-1.0.0");
        keys = PackageKeys.verifyingOnly(dir.resolve("package-signing.pub"));
    }

    @Test
    void aPackageOfTheFirstFormatStillVerifiesAndOpensAndSaysItsFormat() {
        assertTrue(Files.exists(pkg.resolve("signature.ed25519")) && !Files.exists(pkg.resolve("checksums.sha256.minisig")));
        Verification v = PackageVerifier.verify(pkg, keys);
        assertTrue(v.ok(), v.problems().toString());
        assertEquals(SignatureScheme.PITSTOP_ED25519_V1, v.scheme());
        assertTrue(v.scheme().description().contains("Pitstop's first format (signature.ed25519"), v.scheme().description());
        ModelPackage opened = ModelPackage.open(pkg, keys);
        assertEquals("churn-1.0.0", opened.manifest().directoryName());
    }

    @Test
    void aChangedFileOrAnotherKeyIsStillRefused() throws Exception {
        PackageException stranger = assertThrows(PackageException.class, () -> ModelPackage.open(pkg, TestKeys.STRANGER.getPublic()));
        assertEquals(List.of("signature.ed25519"), stranger.problems().stream().map(PackageProblem::file).toList());
        assertTrue(stranger.getMessage().contains("but this configuration trusts key"), stranger.getMessage());

        // Rewritten consistently (file, checksums line): only the signature can tell.
        Files.writeString(pkg.resolve("metrics.json"), "{\"auc\":0.99}\n");
        Path checksums = pkg.resolve("checksums.sha256");
        Files.writeString(checksums, Files.readString(checksums).replaceAll("[0-9a-f]{64}  metrics.json",
                Sha256.of(pkg.resolve("metrics.json")) + "  metrics.json"));
        Verification v = PackageVerifier.verify(pkg, keys);
        assertFalse(v.ok());
        assertEquals(List.of("signature.ed25519"), v.problems().stream().map(PackageProblem::file).toList(), v.problems().toString());
        assertTrue(v.problems().get(0).detail().startsWith("bad signature"), v.problems().toString());
    }
}
