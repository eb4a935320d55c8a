package io.pitstop.engine.cli;

import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageArchive;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageManifest;
import io.pitstop.engine.pkg.PackageWriter;
import io.pitstop.engine.pkg.SemVer;
import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pitstop keys init} and {@code pitstop package verify} against a real signed package. */
class CliPackageTest {

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
    }

    private ModelPackage writePackage() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging/model"));
        Files.writeString(staging.resolve("network.zip"), "weights");
        var keys = PackageKeys.of(ProfileLoader.load(dir, "local"));
        return new PackageWriter(dir.resolve(".pitstop/packages"), keys).write(dir.resolve("staging"),
                PackageManifest.of("churn", SemVer.parse("1.0.0"), Instant.EPOCH, Map.of(), null, Map.of()));
    }

    @Test
    void keysInitMakesAPairOnceAndRefusesToOverwriteIt() {
        CliResult first = project.cli("keys", "init");
        assertEquals(RunOutcome.EXIT_OK, first.exitCode(), first.transcript());
        assertTrue(first.out().contains("package-signing.key (mode 600)"), first.transcript());
        CliResult again = project.cli("keys", "init");
        assertEquals(RunOutcome.EXIT_INVALID, again.exitCode(), again.transcript());
        assertTrue(again.err().contains("already exists; refusing to overwrite"), again.transcript());
    }

    @Test
    void verifyAcceptsAnIntactPackageAndItsArchiveAndNamesTheChangedFile() throws Exception {
        ModelPackage pkg = writePackage();
        Path zip = PackageArchive.write(pkg, pkg.dir().getParent());
        CliResult ok = project.cli("package", "verify", pkg.dir().toString());
        assertEquals(RunOutcome.EXIT_OK, ok.exitCode(), ok.transcript());
        assertTrue(ok.out().contains("signature (key "), ok.transcript());
        CliResult okZip = project.cli("package", "verify", zip.toString());
        assertEquals(RunOutcome.EXIT_OK, okZip.exitCode(), okZip.transcript());

        Files.writeString(pkg.dir().resolve("model/network.zip"), "weightz");
        CliResult bad = project.cli("package", "verify", pkg.dir().toString());
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("model/network.zip: content changed"), bad.transcript());

        Files.writeString(pkg.dir().resolve("extra.txt"), "x");
        CliResult extra = project.cli("package", "verify", pkg.dir().toString());
        assertTrue(extra.err().contains("extra.txt: not listed in checksums.sha256"), extra.transcript());
    }
}
