package io.pitstop.engine.cli;

import io.pitstop.engine.json.Json;
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

    @Test
    void keysInitMakesAPairOnceAndRefusesToOverwriteIt() {
        CliResult first = project.cli("keys", "init");
        assertEquals(RunOutcome.EXIT_OK, first.exitCode(), first.transcript());
        assertTrue(first.out().contains("package-signing.key (mode 600)"), first.transcript());
        assertTrue(first.out().contains("package-signing.minisign.pub (minisign's format"), first.transcript());
        CliResult again = project.cli("keys", "init");
        assertEquals(RunOutcome.EXIT_INVALID, again.exitCode(), again.transcript());
        assertTrue(again.err().contains("already exists; refusing to overwrite"), again.transcript());
    }

    @Test
    void verifyAcceptsAnIntactPackageAndItsArchiveAndNamesTheChangedFile() throws Exception {
        ModelPackage pkg = project.writePackage();
        Path zip = PackageArchive.write(pkg, pkg.dir().getParent());
        CliResult ok = project.cli("package", "verify", pkg.dir().toString());
        assertEquals(RunOutcome.EXIT_OK, ok.exitCode(), ok.transcript());
        assertTrue(ok.out().contains("checksums, manifest and minisign signature (key "), ok.transcript());
        CliResult okZip = project.cli("package", "verify", zip.toString());
        assertEquals(RunOutcome.EXIT_OK, okZip.exitCode(), okZip.transcript());

        Files.writeString(pkg.dir().resolve("model/network.zip"), "weightz");
        CliResult bad = project.cli("package", "verify", pkg.dir().toString());
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("model/network.zip: content changed"), bad.transcript());

        Files.writeString(pkg.dir().resolve("extra.txt"), "x");
        CliResult extra = project.cli("package", "verify", pkg.dir().toString());
        assertTrue(extra.err().contains("extra.txt: not listed in checksums.sha256"), extra.transcript());

        Files.delete(pkg.dir().resolve("extra.txt"));
        Files.createDirectories(pkg.dir().resolve("model/empty"));
        CliResult emptyDir = project.cli("package", "verify", pkg.dir().toString());
        assertEquals(RunOutcome.EXIT_FAILED, emptyDir.exitCode(), emptyDir.transcript());
        assertTrue(emptyDir.err().contains("model/empty/: a directory checksums.sha256 does not list"), emptyDir.transcript());
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

    @Test
    void retainShowsItsPlanAppliesItOnlyWithApplyAndNeedsARuleInTheProfile() throws Exception {
        CliResult noRule = project.cli("models", "retain", "churn");
        assertEquals(RunOutcome.EXIT_INVALID, noRule.exitCode(), noRule.transcript());
        assertTrue(noRule.err().contains("declares no governance.retention"), noRule.transcript());

        Files.writeString(dir.resolve("conf/local.yaml"), Files.readString(dir.resolve("conf/local.yaml"))
                + "governance:\n  retention: {keep_versions: 1, window_days: 30}\n");
        try (var store = io.pitstop.engine.store.SqlRunStore.open(ProfileLoader.load(dir, "local"))) {
            var registry = new io.pitstop.engine.registry.SqlRegistry(store);
            for (String v : java.util.List.of("2.0.0", "2.1.0")) {
                registry.register("churn", v, "run-" + v, dir.resolve("pk-" + v).toString(), "h-" + v, "ci");
                Thread.sleep(5); // distinct creation times: "newest" is well defined
            }
        }
        CliResult dry = project.cli("models", "retain", "churn");
        assertEquals(RunOutcome.EXIT_OK, dry.exitCode(), dry.transcript());
        assertTrue(dry.out().contains("archive         2.0.0 (STAGING)"), dry.transcript());
        assertTrue(dry.out().contains("keep            2.1.0: one of the newest 1"), dry.transcript());
        assertTrue(dry.out().contains("dry run: nothing changed"), dry.transcript());
        assertTrue(project.cli("models", "list", "churn").out().contains("2.0.0      STAGING"), "a dry run changes nothing");

        CliResult applied = project.cli("models", "retain", "churn", "--apply", "--actor", "ops");
        assertEquals(RunOutcome.EXIT_OK, applied.exitCode(), applied.transcript());
        assertTrue(applied.out().contains("applied: 1 archived, 0 packages deleted"), applied.transcript());
        assertTrue(project.cli("models", "list", "churn").out().contains("2.0.0      ARCHIVED"));
        CliResult json = project.cli("models", "list", "churn", "--json");
        assertEquals(RunOutcome.EXIT_OK, json.exitCode(), json.transcript());
        var listed = Json.MAPPER.readTree(json.out());
        assertEquals(1, listed.path("format_version").asInt(), json.out());
        assertEquals("churn", listed.path("model").asText(), json.out());
        var versions = new java.util.TreeMap<String, String>();
        listed.path("versions").forEach(v -> versions.put(v.path("version").asText(), v.path("stage").asText()));
        assertEquals(Map.of("2.0.0", "ARCHIVED", "2.1.0", "STAGING"), versions, json.out());
        assertEquals("run-2.1.0", listed.path("versions").get(0).path("run_id").asText(), json.out());
        assertTrue(project.cli("models", "audit", "churn").out().contains("retention: older than the newest 1 versions"));

        Files.writeString(dir.resolve("conf/local.yaml"), Files.readString(dir.resolve("conf/local.yaml"))
                .replace("keep_versions: 1", "keep_versions: none"));
        CliResult bad = project.cli("models", "retain", "churn");
        assertEquals(RunOutcome.EXIT_INVALID, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("governance.retention.keep_versions must be a whole number"), bad.transcript());
    }
}
