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

    @Test
    void rollbackHistoryAndAuditVerifyFromTheCommandLine() throws Exception {
        var profile = ProfileLoader.load(dir, "local");
        var keys = PackageKeys.of(profile);
        try (var store = io.pitstop.engine.store.SqlRunStore.open(profile)) {
            var registry = new io.pitstop.engine.registry.SqlRegistry(store);
            for (String v : java.util.List.of("1.0.0", "1.1.0")) {
                Path staging = Files.createDirectories(dir.resolve("staging-" + v + "/model"));
                Files.writeString(staging.resolve("network.zip"), "weights " + v);
                ModelPackage pkg = new PackageWriter(dir.resolve(".pitstop/packages"), keys).write(staging.getParent(),
                        PackageManifest.of("churn", SemVer.parse(v), Instant.EPOCH, Map.of(), null, Map.of()));
                registry.register("churn", v, "run-" + v, pkg.dir().toString(), pkg.manifestSha256(), "ci");
                registry.transition("churn", v, io.pitstop.engine.registry.Stage.PRODUCTION, "ci", "gate passed", "run-" + v, null);
            }
        }
        CliResult history = project.cli("models", "history", "churn");
        assertEquals(RunOutcome.EXIT_OK, history.exitCode(), history.transcript());
        assertTrue(history.out().contains("1.0.0") && history.out().contains("(now)"), history.transcript());

        // The package to roll back to is verified first: a tampered one is refused and production stays put.
        Path old = dir.resolve(".pitstop/packages/churn-1.0.0/model/network.zip");
        Files.writeString(old, "weights 1.0.X");
        CliResult refused = project.cli("models", "rollback", "churn");
        assertEquals(RunOutcome.EXIT_FAILED, refused.exitCode(), refused.transcript());
        assertTrue(refused.err().contains("model/network.zip"), refused.transcript());
        Files.writeString(old, "weights 1.0.0");

        CliResult rollback = project.cli("models", "rollback", "churn", "--actor", "alice", "--reason", "bad scores");
        assertEquals(RunOutcome.EXIT_OK, rollback.exitCode(), rollback.transcript());
        assertTrue(rollback.out().contains("churn 1.0.0 is in production again"), rollback.transcript());
        CliResult at = project.cli("models", "history", "churn", "--at", Instant.now().plusSeconds(5).toString());
        assertTrue(at.out().startsWith("churn 1.0.0 was in production at"), at.transcript());
        CliResult badTime = project.cli("models", "history", "churn", "--at", "yesterday");
        assertEquals(RunOutcome.EXIT_INVALID, badTime.exitCode(), badTime.transcript());

        CliResult verify = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_OK, verify.exitCode(), verify.transcript());
        assertTrue(verify.out().contains("7 entries, hash chain verified"), verify.transcript());
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".pitstop/pitstop.db"));
             var st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER audit_log_no_update");
            st.executeUpdate("UPDATE audit_log SET reason = 'nothing to see' WHERE sequence = 4");
        }
        CliResult tampered = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, tampered.exitCode(), tampered.transcript());
        assertTrue(tampered.err().contains("entry 4: its content does not match its hash"), tampered.transcript());
    }
}
