package io.pitstop.engine.cli;

import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An unknown {@code --profile} is invalid input, named by the file that is missing. */
class CliProfileTest {

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
    }

    @Test
    void everyCommandThatOpensAProjectNamesTheMissingProfileFile() throws Exception {
        String pipeline = project.pipeline(false);
        for (List<String> command : List.of(List.of("run", pipeline), List.of("runs", "list"),
                List.of("runs", "show", "x"), List.of("resume", "x"), List.of("models", "list", "m"),
                List.of("models", "audit", "m"))) {
            var args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--profile", "gpu"));
            CliResult r = project.cli(args.toArray(String[]::new));
            assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), command + ": " + r.transcript());
            assertTrue(r.err().startsWith("pitstop: no profile 'gpu'"), command + ": " + r.transcript());
            assertTrue(r.err().contains("conf/gpu.yaml") && r.err().contains("local.yaml"),
                    "names the missing file and the profiles there are: " + r.transcript());
        }
    }

    @Test
    void aMistypedProfileKeyIsRefusedWithItsLineAndColumn() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("conf/typo.yaml"), "profile: typo\nstor:\n  url: jdbc:sqlite:x.db\n");
        CliResult r = project.cli("runs", "list", "--profile", "typo");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("typo.yaml:2:1: unknown profile key 'stor' (did you mean 'store'?)"), r.transcript());
    }

    @Test
    void aMistypedStoreKeyIsRefusedBeforeAnyDatabaseIsContacted() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("conf/typo.yaml"),
                "profile: typo\nstore:\n  url: jdbc:postgresql://127.0.0.1:1/none\n  user: u\n  pasword: p\n");
        CliResult r = project.cli("runs", "list", "--profile", "typo");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("typo.yaml:5:3: unknown key 'store.pasword' (did you mean 'password'?)"), r.transcript());
    }

    @Test
    void aMistypedPackagesKeyIsRefusedRatherThanKeepingPackagesLocal() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("conf/typo.yaml"),
                "profile: typo\npackages:\n  locaton: hdfs://namenode:8020/pitstop/packages\n");
        CliResult r = project.cli("runs", "list", "--profile", "typo");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("typo.yaml:3:3: unknown key 'packages.locaton' (did you mean 'location'?)"), r.transcript());
    }

    @Test
    void aTableRetentionThatIsNoPeriodIsRefusedWithItsLineAndColumn() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("conf/typo.yaml"), "profile: typo\ntables:\n  retention: a week\n");
        CliResult r = project.cli("runs", "list", "--profile", "typo");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("typo.yaml:3:14: tables.retention: 'a week' is not a retention period; write a whole"
                + " number of days or hours, e.g. 7d or 168h"), r.transcript());
        java.nio.file.Files.writeString(dir.resolve("conf/typo.yaml"), "profile: typo\ntables:\n  retension: 7d\n");
        CliResult misspelt = project.cli("runs", "list", "--profile", "typo");
        assertTrue(misspelt.err().contains("typo.yaml:3:3: unknown key 'tables.retension' (did you mean 'retention'?)"),
                misspelt.transcript());
    }

    @Test
    void aMistypedGovernanceRuleIsRefusedRatherThanSilentlyNotApplying() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("conf/typo.yaml"),
                "profile: typo\ngovernance:\n  promoters: [ci]\n  require_clean_tre: true\n");
        CliResult r = project.cli("runs", "list", "--profile", "typo");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("typo.yaml:4:3: unknown key 'governance.require_clean_tre' (did you mean"
                + " 'require_clean_tree'?)"), r.transcript());
    }
}
