package io.pitstop.engine.pkg;

import io.pitstop.engine.conf.StoragePath;
import io.pitstop.engine.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packages published to, verified on and opened from a Hadoop filesystem, on two real Hadoop
 * FileSystem implementations: {@code file:} (the raw local filesystem) and {@code viewfs:} (Hadoop's
 * ViewFileSystem, a different scheme whose mount table links {@code /packages} to a local
 * directory). The bytes are changed behind the filesystem's back, as a broken disk or an editor would.
 */
class HadoopPackagesTest {

    private static final Instant CREATED = Instant.parse("2026-11-22T20:15:00Z");
    static final KeyPair keys = TestKeys.PAIR;

    @TempDir
    Path dir;
    /** The local directory the packages URI's files really live in. */
    Path backing;
    ModelPackage pkg;

    @BeforeEach
    void writeLocalPackage() throws IOException {
        Path staging = dir.resolve("staging");
        write(staging.resolve("model/network.zip"), "weights-v1");
        write(staging.resolve("features.json"), "[\"tenure\"]\n");
        pkg = new PackageWriter(dir.resolve("local"), keys.getPrivate(), keys.getPublic()).write(staging, manifest());
        backing = dir.resolve("remote");
    }

    /** The packages directory as a URI of the scheme, and a client configured for it. */
    private record Target(URI packages, HadoopPackages hadoop) {
    }

    private Target target(String scheme) {
        return switch (scheme) {
            case "file" -> new Target(backing.toUri(), HadoopPackages.withSettings(Map.of()));
            case "viewfs" -> new Target(URI.create("viewfs://pitstop-test/packages"), HadoopPackages.withSettings(
                    Map.of("fs.viewfs.mounttable.pitstop-test.link./packages", backing.toUri().toString())));
            default -> throw new IllegalArgumentException(scheme);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "viewfs"})
    void aPublishedPackageVerifiesAndOpensFromALocalCopy(String scheme) throws IOException {
        Target t = target(scheme);
        URI published = t.hadoop().publish(pkg, t.packages());
        assertEquals(scheme, published.getScheme());
        assertTrue(published.getPath().endsWith("/churn-1.4.0"), published.toString());
        // Exactly the package's files: no temp directory left, no Hadoop .crc files beside them.
        try (Stream<Path> all = Files.walk(backing)) {
            assertEquals(List.of("churn-1.4.0/checksums.sha256", "churn-1.4.0/checksums.sha256.minisig", "churn-1.4.0/features.json",
                            "churn-1.4.0/manifest.json", "churn-1.4.0/model/network.zip", "churn-1.4.0/signing.pub"),
                    all.filter(Files::isRegularFile).map(p -> backing.relativize(p).toString()).sorted().toList());
        }
        assertTrue(t.hadoop().verify(published, keys.getPublic()).ok());
        // The published directory is a package in its own right, byte for byte.
        assertTrue(PackageVerifier.verify(backing.resolve("churn-1.4.0"), keys.getPublic()).ok());

        ModelPackage copy = t.hadoop().open(published, dir.resolve("copy"), keys.getPublic());
        assertEquals(pkg.manifestSha256(), copy.manifestSha256());
        assertEquals("weights-v1", Files.readString(copy.resolve("model/network.zip")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "viewfs"})
    void aChangedByteOnTheFilesystemIsRefusedNamingTheFile(String scheme) throws IOException {
        Target t = target(scheme);
        URI published = t.hadoop().publish(pkg, t.packages());
        Path model = backing.resolve("churn-1.4.0/model/network.zip");
        byte[] bytes = Files.readAllBytes(model);
        bytes[3] ^= 0x01;
        Files.write(model, bytes);

        Verification v = t.hadoop().verify(published, keys.getPublic());
        assertFalse(v.ok());
        assertEquals(1, v.problems().size(), v.problems().toString());
        assertEquals(PackageProblem.Kind.CHANGED, v.problemsOf("model/network.zip").get(0).kind());
        PackageException e = assertThrows(PackageException.class,
                () -> t.hadoop().open(published, dir.resolve("copy"), keys.getPublic()));
        assertTrue(e.getMessage().contains("model/network.zip"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "viewfs"})
    void aMissingAndAnExtraFileAreRefusedByName(String scheme) throws IOException {
        Target t = target(scheme);
        URI published = t.hadoop().publish(pkg, t.packages());
        Files.delete(backing.resolve("churn-1.4.0/features.json"));
        Files.writeString(backing.resolve("churn-1.4.0/notes.txt"), "added later");

        Verification v = t.hadoop().verify(published, keys.getPublic());
        assertEquals(PackageProblem.Kind.MISSING, v.problemsOf("features.json").get(0).kind(), v.problems().toString());
        assertEquals(PackageProblem.Kind.EXTRA, v.problemsOf("notes.txt").get(0).kind(), v.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "viewfs"})
    void anEmptyExtraDirectoryOnTheFilesystemIsRefused(String scheme) throws IOException {
        Target t = target(scheme);
        URI published = t.hadoop().publish(pkg, t.packages());
        Files.createDirectories(backing.resolve("churn-1.4.0/model/empty"));

        Verification v = t.hadoop().verify(published, keys.getPublic());
        assertEquals(List.of("model/empty/"), v.problems().stream().map(PackageProblem::file).toList(), v.problems().toString());
        assertEquals(PackageProblem.Kind.EXTRA, v.problems().get(0).kind());
        assertThrows(PackageException.class, () -> t.hadoop().open(published, dir.resolve("copy"), keys.getPublic()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "viewfs"})
    void publishingTheSamePackageAgainIsANoOpAndADifferentOneIsAConflict(String scheme) throws IOException {
        Target t = target(scheme);
        URI first = t.hadoop().publish(pkg, t.packages());
        assertEquals(first, t.hadoop().publish(pkg, t.packages()));

        Path staging = dir.resolve("staging2");
        write(staging.resolve("model/network.zip"), "weights-v2");
        write(staging.resolve("features.json"), "[\"tenure\"]\n");
        ModelPackage other = new PackageWriter(dir.resolve("local2"), keys.getPrivate(), keys.getPublic()).write(staging, manifest());
        var e = assertThrows(PackageConflictException.class, () -> t.hadoop().publish(other, t.packages()));
        assertTrue(e.problems().stream().anyMatch(p -> p.file().equals("model/network.zip")), e.getMessage());
        assertEquals("weights-v1", Files.readString(backing.resolve("churn-1.4.0/model/network.zip")), "the published package is untouched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "viewfs"})
    void aPackageThatIsNotThereIsReportedMissing(String scheme) {
        Target t = target(scheme);
        Verification v = t.hadoop().verify(URI.create(t.packages() + "/churn-9.9.9"), keys.getPublic());
        assertFalse(v.ok());
        assertTrue(v.problems().get(0).detail().contains("does not exist"), v.problems().toString());
    }

    @Test
    void onlySchemesOfTwoLettersOrMoreAreUris() {
        assertTrue(StoragePath.isUri("hdfs://nn:8020/pitstop/packages/churn-1.0.0"));
        assertTrue(StoragePath.isUri("file:///tmp/packages"));
        assertTrue(StoragePath.isUri("s3a://bucket/packages"));
        assertFalse(StoragePath.isUri(".pitstop/packages/churn-1.0.0"));
        assertFalse(StoragePath.isUri("/abs/churn-1.0.0"));
        assertFalse(StoragePath.isUri("C:\\packages\\churn-1.0.0"));
    }

    private static PackageManifest manifest() throws IOException {
        return PackageManifest.of("churn", SemVer.parse("1.4.0"), CREATED, Map.of("git.commit", "c0ffee"),
                Json.MAPPER.readTree("{\"seed\":42}"), Map.of("auc", 0.84));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
