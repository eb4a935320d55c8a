package io.pitstop.engine.pkg;

import io.pitstop.engine.json.Json;
import io.pitstop.engine.testkit.StockTools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A package checked the way a user without Pitstop checks it: the real {@code minisign} (Debian's package,
 * installed by bin/setup-tools) and {@code sha256sum -c}, run in the package directory, as the README says.
 */
class PackageMinisignTest {

    @TempDir
    Path dir;
    PackageKeys keys;
    Path pkg;

    @BeforeEach
    void writePackage() throws Exception {
        keys = new PackageKeys(dir.resolve("keys/package-signing.key"), dir.resolve("keys/package-signing.pub"), true);
        Path staging = dir.resolve("staging");
        Files.createDirectories(staging.resolve("model"));
        Files.writeString(staging.resolve("model/network.zip"), "weights-v1");
        Files.writeString(staging.resolve("contract.yaml"), "dataset: telco\n");
        Files.writeString(staging.resolve("metrics.json"), "{\"auc\":0.84}\n");
        var manifest = PackageManifest.of("churn", SemVer.parse("1.2.0"), Instant.parse("2026-12-01T09:00:00Z"),
                Map.of("git.commit", "c0ffee"), Json.MAPPER.readTree("{\"seed\":7}"), Map.of("auc", 0.84));
        pkg = new PackageWriter(dir.resolve("packages"), keys).write(staging, manifest).dir();
    }

    @Test
    void minisignAndSha256sumVerifyThePackageAndTheChecksumsCoverEveryOtherFile() throws Exception {
        Path pub = keys.minisignPublicKeyFile();
        assertEquals(dir.resolve("keys/package-signing.minisign.pub"), pub);
        assertArrayEquals(Files.readAllBytes(pub), Files.readAllBytes(pkg.resolve("signing.pub")),
                "the package carries the same key that is written beside the release key");
        assertTrue(Files.readString(pub).startsWith("untrusted comment: minisign public key "
                + PackageKeys.keyId(keys.trustedKey()) + "\n"), Files.readString(pub));

        Run minisign = run(pkg, StockTools.minisign().toString(), "-Vm", "checksums.sha256", "-p", pub.toString());
        assertEquals(0, minisign.exit(), minisign.output());
        assertTrue(minisign.output().contains("Signature and comment signature verified"), minisign.output());
        assertTrue(minisign.output().contains("Trusted comment: timestamp:1796115600\tfile:checksums.sha256\thashed\tpackage:churn-1.2.0"),
                minisign.output());
        // The same with the copy of the key inside the package.
        assertEquals(0, run(pkg, StockTools.minisign().toString(), "-Vm", "checksums.sha256", "-p", "signing.pub").exit());

        Run sha256sum = run(pkg, "sha256sum", "-c", "checksums.sha256");
        assertEquals(0, sha256sum.exit(), sha256sum.output());
        TreeSet<String> checked = new TreeSet<>();
        for (String line : sha256sum.output().split("\n")) {
            assertTrue(line.endsWith(": OK"), line);
            checked.add(line.substring(0, line.length() - ": OK".length()));
        }
        TreeSet<String> everyFile = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(pkg)) {
            walk.filter(Files::isRegularFile).forEach(p -> everyFile.add(FileTree.packagePath(pkg, p)));
        }
        checked.add("checksums.sha256");
        checked.add("checksums.sha256.minisig");
        assertEquals(everyFile, checked, "sha256sum -c checks every file but the checksums and their signature");
        assertTrue(checked.contains("manifest.json") && checked.contains("model/network.zip"), checked.toString());
    }

    @Test
    void aChecksumRecomputedAfterAnEditPassesSha256sumButNotMinisignNorPitstop() throws Exception {
        Files.writeString(pkg.resolve("contract.yaml"), "dataset: evil!\n");
        Path checksums = pkg.resolve("checksums.sha256");
        Files.writeString(checksums, Files.readString(checksums).replaceAll("[0-9a-f]{64}  contract.yaml",
                Sha256.of(pkg.resolve("contract.yaml")) + "  contract.yaml"));

        assertEquals(0, run(pkg, "sha256sum", "-c", "--quiet", "checksums.sha256").exit());
        Run minisign = run(pkg, StockTools.minisign().toString(), "-Vm", "checksums.sha256", "-p", keys.minisignPublicKeyFile().toString());
        assertNotEquals(0, minisign.exit(), minisign.output());
        assertTrue(minisign.output().contains("Signature verification failed"), minisign.output());
        Verification v = PackageVerifier.verify(pkg, keys.trustedKey());
        assertEquals(List.of("checksums.sha256.minisig"), v.problems().stream().map(PackageProblem::file).toList(), v.problems().toString());
    }

    @Test
    void minisignRefusesAnotherKeyByItsId() throws Exception {
        Path stranger = dir.resolve("stranger.pub");
        Files.write(stranger, MinisignPublicKey.of(TestKeys.STRANGER.getPublic()).fileBytes());
        Run minisign = run(pkg, StockTools.minisign().toString(), "-Vm", "checksums.sha256", "-p", stranger.toString());
        assertNotEquals(0, minisign.exit(), minisign.output());
        assertTrue(minisign.output().contains(PackageKeys.keyId(TestKeys.STRANGER.getPublic())), minisign.output());
        assertTrue(minisign.output().contains(PackageKeys.keyId(keys.trustedKey())), minisign.output());
    }

    /**
     * minisign prints a key id without leading zeros ({@code PRIX64}); one key in sixteen has an id
     * that starts with a zero nibble, so such a key is searched for rather than left to chance.
     */
    @Test
    void aKeyIdWithALeadingZeroReadsAsMinisignPrintsIt() throws Exception {
        assertEquals("D678D34604F48A2", MinisignPublicKey.keyIdText(new byte[]{
                (byte) 0xA2, 0x48, 0x4F, 0x60, 0x34, (byte) 0x8D, 0x67, 0x0D}));
        var generator = java.security.KeyPairGenerator.getInstance(PackageKeys.ALGORITHM);
        KeyPair zeroLed;
        do {
            zeroLed = generator.generateKeyPair();
        } while ((MinisignPublicKey.of(zeroLed.getPublic()).keyId()[7] & 0xF0) != 0);
        String id = PackageKeys.keyId(zeroLed.getPublic());
        assertTrue(id.length() < 16, id);
        Path other = dir.resolve("zero-led.pub");
        Files.write(other, MinisignPublicKey.of(zeroLed.getPublic()).fileBytes());
        Run minisign = run(pkg, StockTools.minisign().toString(), "-Vm", "checksums.sha256", "-p", other.toString());
        assertNotEquals(0, minisign.exit(), minisign.output());
        assertTrue(minisign.output().contains("key id in the public key is " + id + "\n"), minisign.output());
    }

    /** minisign's legacy variant (Ed25519 over the file itself) is accepted by Pitstop as by minisign. */
    @Test
    void theLegacyEdVariantVerifiesInBothToo() throws Exception {
        KeyPair pair = TestKeys.PAIR;
        Path file = dir.resolve("legacy/checksums.sha256");
        Files.createDirectories(file.getParent());
        byte[] content = Files.readAllBytes(pkg.resolve("checksums.sha256"));
        Files.write(file, content);
        byte[] keyId = MinisignPublicKey.of(pair.getPublic()).keyId();
        byte[] signature = ed25519(pair, content);
        byte[] block = new byte[74];
        block[0] = 'E';
        block[1] = 'd';
        System.arraycopy(keyId, 0, block, 2, 8);
        System.arraycopy(signature, 0, block, 10, 64);
        String comment = "timestamp:0\tfile:checksums.sha256";
        byte[] signedComment = new byte[64 + comment.length()];
        System.arraycopy(signature, 0, signedComment, 0, 64);
        System.arraycopy(comment.getBytes(StandardCharsets.UTF_8), 0, signedComment, 64, comment.length());
        byte[] sigFile = ("untrusted comment: legacy\n" + Base64.getEncoder().encodeToString(block) + "\ntrusted comment: " + comment
                + "\n" + Base64.getEncoder().encodeToString(ed25519(pair, signedComment)) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("legacy/checksums.sha256.minisig"), sigFile);
        Path pub = dir.resolve("legacy/key.pub");
        Files.write(pub, MinisignPublicKey.of(pair.getPublic()).fileBytes());

        Run minisign = run(file.getParent(), StockTools.minisign().toString(), "-Vm", "checksums.sha256", "-p", pub.toString());
        assertEquals(0, minisign.exit(), minisign.output());
        assertEquals(null, MinisignSignature.problem(sigFile, pair.getPublic(), content));
        content[0] ^= 1;
        assertFalse(MinisignSignature.problem(sigFile, pair.getPublic(), content) == null);
    }

    private static byte[] ed25519(KeyPair pair, byte[] message) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(message);
        return s.sign();
    }

    record Run(int exit, String output) {
    }

    private static Run run(Path workDir, String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "timed out: " + String.join(" ", command));
        return new Run(p.exitValue(), out);
    }
}
