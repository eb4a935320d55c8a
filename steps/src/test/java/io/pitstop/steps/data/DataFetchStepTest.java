package io.pitstop.steps.data;

import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.pkg.FileTree;
import io.pitstop.engine.step.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * data.fetch on a temp Git + DVC project with the real dvc: the check (dvc status), the fetch (dvc
 * pull from a local-directory remote), and each way dvc can fail, with dvc's own message and the
 * workspace left as it was.
 */
class DataFetchStepTest {

    @TempDir
    Path tmp;

    private final DataFetchStep step = new DataFetchStep();

    private DataStepContext.Builder context(TempProject p, String outDir) {
        return DataStepContext.builder(p.dir)
                .outputDir(tmp.resolve(outDir))
                .setting("dvc.binary", p.dvc.binary().toString())
                .setting("dvc.remote", "../remote");
    }

    /** A project whose data/churn.csv is versioned and pushed to tmp/remote. */
    private TempProject versioned(String content) throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("landing/churn.csv", content);
        var added = new DataVersionStep().run(new DataVersionParams("landing/churn.csv", "data/churn.csv", null, true, null),
                context(p, "version").build());
        assertEquals(StepResult.Outcome.SUCCEEDED, added.outcome(), added.message());
        return p;
    }

    /** Deletes the workspace copy and dvc's local cache, so only the remote has the bytes (a fresh clone). */
    private static void forgetLocally(TempProject p) throws Exception {
        Files.delete(p.dir.resolve("data/churn.csv"));
        FileTree.delete(p.dir.resolve(".dvc/cache"));
    }

    private static void assertNothingRecorded(Path outDir) throws Exception {
        assertFalse(Files.exists(outDir.resolve("data-version.json")), "no data-version.json for a failed fetch");
    }

    @Test
    void theCheckPassesWhenTheWorkspaceHoldsTheRecordedVersion() throws Exception {
        TempProject p = versioned("customer_id,churn\nC1,No\n");

        StepResult result = step.run(new DataFetchParams("data/churn.csv", null, false), context(p, "check").build());

        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        assertTrue(result.message().contains("already in the workspace (dvc status: up to date)"), result.message());
        DataVersion v = DataVersion.read(Path.of(result.outputs().get("data_version")));
        assertEquals(TempProject.md5(p.dir.resolve("data/churn.csv")), v.md5());
    }

    @Test
    void theCheckFailsOnAnEditedFileWithDvcsWordAndTouchesNothing() throws Exception {
        TempProject p = versioned("customer_id,churn\nC1,No\n");
        Files.writeString(p.dir.resolve("data/churn.csv"), "edited\n");

        StepResult result = step.run(new DataFetchParams("data/churn.csv", null, false), context(p, "check").build());

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("dvc status says {data/churn.csv=modified}"), result.message());
        assertEquals("edited\n", Files.readString(p.dir.resolve("data/churn.csv")));
        assertNothingRecorded(tmp.resolve("check"));
    }

    @Test
    void aFreshCloneWithoutTheDataPullsItFromTheRemoteAndTheMd5Matches() throws Exception {
        TempProject p = versioned("customer_id,churn\nC1,No\nC2,Yes\n");
        String recorded = DvcFile.read(p.dir.resolve("data/churn.csv.dvc")).md5();
        forgetLocally(p);
        var params = new DataFetchParams("data/churn.csv", null, null);
        var before = step.externalInputs(params, context(p, "fetch").build());

        StepResult result = step.run(params, context(p, "fetch").build());

        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        assertTrue(result.message().contains("pulled from " + tmp.resolve("remote")), result.message());
        assertTrue(result.message().contains("dvc status had said {data/churn.csv=not in cache}"), result.message());
        assertEquals("customer_id,churn\nC1,No\nC2,Yes\n", Files.readString(p.dir.resolve("data/churn.csv")));
        assertEquals(recorded, TempProject.md5(p.dir.resolve("data/churn.csv")));
        assertEquals(recorded, DataVersion.read(Path.of(result.outputs().get("data_version"))).md5());
        assertNotEquals(before, step.externalInputs(params, context(p, "fetch").build()),
                "the fetched file changes the cache key, so a later deletion is noticed");
    }

    @Test
    void aMissingDvcFileIsAValidationProblem() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        var problems = step.validate(new DataFetchParams("data/churn.csv", null, null), context(p, "v").build());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("data/churn.csv.dvc does not exist"), problems.get(0).message());
    }

    @Test
    void aMissingBinaryFailsWithHowToInstallIt() throws Exception {
        TempProject p = versioned("a\n1\n");
        forgetLocally(p);

        StepResult result = step.run(new DataFetchParams("data/churn.csv", null, null),
                context(p, "fetch").setting("dvc.binary", tmp.resolve("no/such/dvc").toString()).build());

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("dvc is not installed at " + tmp.resolve("no/such/dvc")), result.message());
        assertTrue(result.message().contains("bin/setup-python"), result.message());
        assertFalse(Files.exists(p.dir.resolve("data/churn.csv")));
        assertNothingRecorded(tmp.resolve("fetch"));
    }

    @Test
    void aProjectThatIsNotADvcRepositoryFailsWithDvcsMessageAndTheFix() throws Exception {
        TempProject p = TempProject.create(tmp, false);
        p.write("data/churn.csv.dvc", "outs:\n- md5: 0123456789abcdef0123456789abcdef\n  size: 4\n  path: churn.csv\n");

        StepResult result = step.run(new DataFetchParams("data/churn.csv", null, null), context(p, "fetch").build());

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("is not a DVC repository"), result.message());
        assertTrue(result.message().contains("dvc said: ERROR: you are not inside of a DVC repository"), result.message());
        assertNothingRecorded(tmp.resolve("fetch"));
    }

    @Test
    void anUnreachableRemoteFailsWithDvcsMessageAndLeavesTheWorkspaceAsItWas() throws Exception {
        TempProject p = versioned("a\n1\n");
        forgetLocally(p);
        // A remote "directory" below a regular file can never be reached.
        Path blocker = Files.writeString(tmp.resolve("a-file"), "not a directory");

        StepResult result = step.run(new DataFetchParams("data/churn.csv", blocker.resolve("remote").toString(), null),
                context(p, "fetch").build());

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("could not transfer data to or from the remote"), result.message());
        assertTrue(result.message().contains("dvc said: "), result.message());
        assertTrue(result.message().contains("Not a directory"), result.message());
        assertFalse(Files.exists(p.dir.resolve("data/churn.csv")), "no partial file");
        assertNothingRecorded(tmp.resolve("fetch"));
    }

    @Test
    void aDvcCommandOverItsTimeoutIsStoppedAndReported() throws Exception {
        TempProject p = versioned("a\n1\n");
        forgetLocally(p);

        StepResult result = step.run(new DataFetchParams("data/churn.csv", null, null),
                context(p, "fetch").setting("dvc.timeout_seconds", "0.03").build());

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("did not finish within 30 ms and was stopped"), result.message());
        assertTrue(result.message().contains("dvc.timeout_seconds"), result.message());
        assertFalse(Files.exists(p.dir.resolve("data/churn.csv")));
        assertNothingRecorded(tmp.resolve("fetch"));
    }

    @Test
    void aNonZeroExitCarriesDvcsMessageAndUnsavedEditsSurvive() throws Exception {
        TempProject p = versioned("a\n1\n");
        Files.writeString(p.dir.resolve("data/churn.csv"), "edited, never added\n");

        StepResult result = step.run(new DataFetchParams("data/churn.csv", null, null), context(p, "fetch").build());

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("exit code: "), result.message());
        assertTrue(result.message().contains("dvc said: "), result.message());
        assertTrue(result.message().contains("--force") || result.message().contains("-f"), result.message());
        assertEquals("edited, never added\n", Files.readString(p.dir.resolve("data/churn.csv")), "nothing was lost");
        assertNothingRecorded(tmp.resolve("fetch"));
    }
}
