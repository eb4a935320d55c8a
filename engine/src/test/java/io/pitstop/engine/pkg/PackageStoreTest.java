package io.pitstop.engine.pkg;

import io.pitstop.engine.conf.Profile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The profile's package store, local by default and on a Hadoop filesystem when
 * {@code packages.location} is a URI: tested on {@code file:} and on {@code viewfs:} (Hadoop's
 * ViewFileSystem, its mount table linking {@code /packages} to a local directory), both real
 * FileSystem implementations.
 */
class PackageStoreTest {

    private static final Instant CREATED = Instant.parse("2026-11-23T04:00:00Z");

    @TempDir
    Path project;
    Path backing;
    PackageKeys keys;

    @BeforeEach
    void keys() {
        keys = new PackageKeys(project.resolve("keys/signing.key"), project.resolve("keys/signing.pub"), true);
        backing = project.resolve("remote-disk");
    }

    private Profile profile(String scheme) {
        Map<String, String> settings = new HashMap<>();
        switch (scheme) {
            case "local" -> { }
            case "file" -> settings.put(PackageStore.LOCATION_KEY, backing.toUri().toString());
            case "viewfs" -> {
                settings.put(PackageStore.LOCATION_KEY, "viewfs://team/packages");
                settings.put("hadoop.fs.viewfs.mounttable.team.link./packages", backing.toUri().toString());
            }
            default -> throw new IllegalArgumentException(scheme);
        }
        return new Profile("test", project, settings);
    }

    private ModelPackage build(PackageStore store, String version, String weights) throws IOException {
        Path staging = Files.createTempDirectory(project, "staging");
        Files.createDirectories(staging.resolve("model"));
        Files.writeString(staging.resolve("model/network.zip"), weights);
        var manifest = PackageManifest.of("churn", SemVer.parse(version), CREATED, Map.of("run_id", "r1"),
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(), Map.of("auc", 0.84));
        return new PackageWriter(store.buildDir(), keys).write(staging, manifest);
    }

    @Test
    void withoutALocationPackagesStayWhereTheyAreBuilt() throws IOException {
        PackageStore store = PackageStore.of(profile("local"));
        assertFalse(store.isRemote());
        assertEquals(project.resolve(".pitstop/packages"), store.buildDir());
        ModelPackage pkg = build(store, "1.0.0", "w1");
        String location = store.publish(pkg);
        assertEquals(pkg.dir().toString(), location);
        assertEquals(pkg.manifestSha256(), store.open(location, keys).manifestSha256());
        assertTrue(store.exists(location));
        PackageArchive.write(pkg, store.buildDir());
        store.delete(location);
        assertFalse(store.exists(location));
        assertFalse(Files.exists(PackageArchive.pathOf(pkg.dir())), "the archive beside it goes too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "viewfs"})
    void aPublishedPackageIsRegisteredByUriAndOpensFromAVerifiedLocalCopy(String scheme) throws IOException {
        PackageStore store = PackageStore.of(profile(scheme));
        assertTrue(store.isRemote());
        ModelPackage pkg = build(store, "1.0.0", "w1");
        String location = store.publish(pkg);
        assertTrue(location.startsWith(scheme + ":"), location);
        assertTrue(location.endsWith("/churn-1.0.0"), location);
        assertTrue(Files.isRegularFile(backing.resolve("churn-1.0.0/model/network.zip")), "the bytes are on the store's disk");

        ModelPackage opened = store.open(location, keys);
        assertEquals(pkg.manifestSha256(), opened.manifestSha256());
        assertEquals("w1", Files.readString(opened.resolve("model/network.zip")));
        assertTrue(opened.dir().startsWith(project.resolve(".pitstop/package-cache")), opened.dir().toString());
        // Opening again reuses the verified copy; no hidden fetch directories are left behind.
        assertEquals(opened.dir(), store.open(location, keys).dir());
        try (Stream<Path> cache = Files.list(project.resolve(".pitstop/package-cache"))) {
            assertEquals(List.of(opened.dir().getFileName().toString()),
                    cache.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(store.exists(location));
        assertEquals(location, store.publish(pkg), "publishing the same package again is a no-op");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "viewfs"})
    void aPackageChangedOnTheStoreIsRefusedNamingTheFile(String scheme) throws IOException {
        PackageStore store = PackageStore.of(profile(scheme));
        String location = store.publish(build(store, "1.0.0", "w1"));
        Path onDisk = backing.resolve("churn-1.0.0/model/network.zip");
        Files.writeString(onDisk, "w2");

        PackageException e = assertThrows(PackageException.class, () -> store.open(location, keys));
        assertTrue(e.getMessage().contains("failed verification"), e.getMessage());
        assertEquals(PackageProblem.Kind.CHANGED, e.problems().stream()
                .filter(p -> p.file().equals("model/network.zip")).findFirst().orElseThrow().kind(), e.problems().toString());
        assertFalse(Files.exists(project.resolve(".pitstop/package-cache/churn-1.0.0")), "nothing of it is cached");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "viewfs"})
    void deletingARemotePackageRemovesItAndThisMachinesCopies(String scheme) throws IOException {
        PackageStore store = PackageStore.of(profile(scheme));
        ModelPackage first = build(store, "1.0.0", "w1");
        ModelPackage second = build(store, "1.1.0", "w2");
        String location = store.publish(first);
        String kept = store.publish(second);
        PackageArchive.write(first, store.buildDir());
        Path cached = store.open(location, keys).dir();
        Path keptCopy = store.open(kept, keys).dir();

        store.delete(location);
        assertFalse(store.exists(location));
        assertFalse(Files.exists(backing.resolve("churn-1.0.0")));
        assertFalse(Files.exists(first.dir()), "the local build copy");
        assertFalse(Files.exists(PackageArchive.pathOf(first.dir())), "its archive");
        assertFalse(Files.exists(cached), "the cached copy");
        assertTrue(store.exists(kept));
        assertTrue(Files.isDirectory(keptCopy), "another version's cached copy stays");
        assertNotEquals(cached, keptCopy);
        store.delete(location); // deleting again is a no-op
    }

    @Test
    void aLocationThatIsNoUriIsRefusedNamingTheProfileKey() {
        Map<String, String> settings = Map.of(PackageStore.LOCATION_KEY, "hdfs://name node:8020/packages");
        var e = assertThrows(IllegalArgumentException.class, () -> PackageStore.of(new Profile("shared", project, settings)));
        assertTrue(e.getMessage().startsWith("profile shared: packages.location 'hdfs://name node:8020/packages' is not a valid URI"),
                e.getMessage());
    }

    @Test
    void anUnreachableStoreIsAnErrorNamingTheLocation() {
        Map<String, String> settings = Map.of(PackageStore.LOCATION_KEY, "nosuchscheme://cluster/packages");
        PackageStore store = PackageStore.of(new Profile("test", project, settings));
        PackageException e = assertThrows(PackageException.class, () -> store.exists("nosuchscheme://cluster/packages/churn-1.0.0"));
        assertTrue(e.getMessage().contains("nosuchscheme://cluster/packages"), e.getMessage());
    }
}
