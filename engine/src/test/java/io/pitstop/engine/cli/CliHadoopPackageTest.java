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

/** {@code pitstop package publish} and {@code package verify} on a Hadoop filesystem named by URI, configured by a profile. */
class CliHadoopPackageTest {

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
    }

    @Test
    void publishAndVerifyOnAHadoopFilesystemThroughTheProfile() throws Exception {
        ModelPackage pkg = project.writePackage();
        Path backing = dir.resolve("shared-packages");
        // viewfs: a Hadoop filesystem of another scheme, its mount table set in the profile's hadoop: section.
        Files.writeString(dir.resolve("conf/shared.yaml"), Files.readString(dir.resolve("conf/local.yaml"))
                + "hadoop:\n  fs.viewfs.mounttable.team.link./packages: " + backing.toUri() + "\n");
        CliResult published = project.cli("package", "publish", pkg.dir().toString(), "viewfs://team/packages", "--profile", "shared");
        assertEquals(RunOutcome.EXIT_OK, published.exitCode(), published.transcript());
        assertTrue(published.out().contains("churn-1.0.0 -> viewfs://team/packages/churn-1.0.0"), published.transcript());
        CliResult again = project.cli("package", "publish", pkg.dir().toString(), "viewfs://team/packages", "--profile", "shared");
        assertEquals(RunOutcome.EXIT_OK, again.exitCode(), "the same package again is a no-op: " + again.transcript());

        CliResult ok = project.cli("package", "verify", "viewfs://team/packages/churn-1.0.0", "--profile", "shared");
        assertEquals(RunOutcome.EXIT_OK, ok.exitCode(), ok.transcript());
        Files.writeString(backing.resolve("churn-1.0.0/model/network.zip"), "weightz");
        CliResult bad = project.cli("package", "verify", "viewfs://team/packages/churn-1.0.0", "--profile", "shared");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("model/network.zip: content changed"), bad.transcript());

        CliResult notUri = project.cli("package", "publish", pkg.dir().toString(), "shared-packages", "--profile", "shared");
        assertEquals(RunOutcome.EXIT_INVALID, notUri.exitCode(), notUri.transcript());
    }
}
