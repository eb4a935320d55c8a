package io.pitstop.steps.data;

import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.step.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** data.restore after data.version with commit: true, on a temp Git + DVC project with the real dvc. */
class DataRestoreStepTest {

    @TempDir
    Path tmp;

    private DataStepContext context(TempProject p, String outDir) {
        return DataStepContext.builder(p.dir)
                .outputDir(tmp.resolve(outDir))
                .setting("dvc.binary", p.dvc.binary().toString())
                .setting("dvc.remote", "../remote")
                .build();
    }

    private static DataVersion versionOf(StepResult result) throws Exception {
        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        return DataVersion.read(Path.of(result.outputs().get("data_version")));
    }

    @Test
    void versionChangeVersionAgainThenRestoreTheFirstGivesTheFirstLineagesMd5() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        var version = new DataVersionStep();
        p.write("landing/churn.csv", "customer_id,churn\nC1,No\n");
        DataVersion first = versionOf(version.run(
                new DataVersionParams("landing/churn.csv", "data/churn.csv", null, true, true), context(p, "v1")));
        p.write("landing/churn.csv", "customer_id,churn\nC1,No\nC2,Yes\n");
        DataVersion second = versionOf(version.run(
                new DataVersionParams("landing/churn.csv", "data/churn.csv", null, true, true), context(p, "v2")));
        assertNotEquals(first.md5(), second.md5());
        assertNotEquals(first.gitCommit(), second.gitCommit());
        // The first version leaves the local cache, so it can only come back from the remote.
        Files.delete(p.dir.resolve(".dvc/cache/files/md5/" + first.md5().substring(0, 2) + "/" + first.md5().substring(2)));

        StepResult restored = new DataRestoreStep().run(
                new DataRestoreParams("data/churn.csv", first.gitCommit().substring(0, 10), null, null, null), context(p, "restore"));

        DataVersion back = versionOf(restored);
        Path dataset = Path.of(restored.outputs().get("dataset"));
        assertEquals(first.md5(), TempProject.md5(dataset), "the restored bytes are the first lineage's");
        assertEquals("customer_id,churn\nC1,No\n", Files.readString(dataset));
        assertEquals(first.md5(), back.md5());
        assertEquals(first.gitCommit(), back.gitCommit());
        assertEquals(second.gitCommit(), p.git.getRepository().resolve("HEAD").name(), "the branch did not move");
        assertEquals("main", p.git.getRepository().getBranch());
        assertTrue(p.dvc.changedOuts(p.dir.resolve("data/churn.csv.dvc")).isEmpty(), "workspace and .dvc agree");
        assertTrue(restored.message().contains("pulled from " + tmp.resolve("remote")), restored.message());
    }

    @Test
    void aVersionNamedByMd5ComesBackWithoutACommitAndTamperedBytesAreRefused() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        var version = new DataVersionStep();
        p.write("data/churn.csv", "customer_id,churn\nC1,No\n");
        // Not committed: a lineage records md5 and size, which is all a reproduction has.
        DataVersion first = versionOf(version.run(new DataVersionParams(null, "data/churn.csv", null, true, false), context(p, "v1")));
        p.write("data/churn.csv", "customer_id,churn\nC1,No\nC9,Yes\n");
        versionOf(version.run(new DataVersionParams(null, "data/churn.csv", null, true, false), context(p, "v2")));
        Path cached = p.dir.resolve(".dvc/cache/files/md5/" + first.md5().substring(0, 2) + "/" + first.md5().substring(2));
        Files.delete(cached);

        StepResult restored = new DataRestoreStep().run(
                new DataRestoreParams("data/churn.csv", null, first.md5(), first.size(), null), context(p, "by-md5"));

        assertEquals(StepResult.Outcome.SUCCEEDED, restored.outcome(), restored.message());
        assertEquals("customer_id,churn\nC1,No\n", Files.readString(p.dir.resolve("data/churn.csv")));
        assertEquals(first.md5(), versionOf(restored).md5());
        assertTrue(restored.message().contains("as recorded by the lineage"), restored.message());

        // Same md5, different bytes in the remote: what comes back is not the version the lineage names.
        Path remoteCopy = tmp.resolve("remote/files/md5/" + first.md5().substring(0, 2) + "/" + first.md5().substring(2));
        remoteCopy.toFile().setWritable(true);
        Files.writeString(remoteCopy, "customer_id,churn\nC1,Yes\n");
        Files.deleteIfExists(cached);
        p.write("data/churn.csv", "customer_id,churn\nC1,No\nC9,Yes\n");
        versionOf(version.run(new DataVersionParams(null, "data/churn.csv", null, true, false), context(p, "v3")));
        Files.deleteIfExists(cached);

        StepResult tampered = new DataRestoreStep().run(
                new DataRestoreParams("data/churn.csv", null, first.md5(), first.size(), null), context(p, "tampered"));

        assertEquals(StepResult.Outcome.FAILED, tampered.outcome(), tampered.message());
        assertTrue(tampered.message().contains(first.md5()), tampered.message());
        assertEquals("customer_id,churn\nC1,No\nC9,Yes\n", Files.readString(p.dir.resolve("data/churn.csv")),
                "the work tree keeps what it had");
    }

    @Test
    void commitAndMd5AreExclusiveAndMd5NeedsASize() {
        var both = assertThrows(IllegalArgumentException.class,
                () -> new DataRestoreParams("data/churn.csv", "HEAD", "0123456789abcdef0123456789abcdef", 3L, null));
        assertTrue(both.getMessage().startsWith("give exactly one of commit"), both.getMessage());
        var noSize = assertThrows(IllegalArgumentException.class,
                () -> new DataRestoreParams("data/churn.csv", null, "0123456789abcdef0123456789abcdef", null, null));
        assertTrue(noSize.getMessage().startsWith("size:"), noSize.getMessage());
        var badMd5 = assertThrows(IllegalArgumentException.class,
                () -> new DataRestoreParams("data/churn.csv", null, "xyz", 3L, null));
        assertTrue(badMd5.getMessage().contains("32 lowercase hex"), badMd5.getMessage());
    }

    @Test
    void aCommitWithoutTheDvcFileIsAValidationProblem() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        String initial = p.git.getRepository().resolve("HEAD").name();

        var problems = new DataRestoreStep().validate(new DataRestoreParams("data/churn.csv", initial, null, null, null), context(p, "o"));

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("has no data/churn.csv.dvc"), problems.get(0).message());
    }

    @Test
    void anUnknownCommitIsAValidationProblemNamingIt() throws Exception {
        TempProject p = TempProject.create(tmp, true);

        var problems = new DataRestoreStep().validate(new DataRestoreParams("data/churn.csv", "no-such-tag", null, null, null), context(p, "o"));

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("no commit 'no-such-tag'"), problems.get(0).message());
    }

    @Test
    void unsavedEditsAreNotOverwrittenAndTheDvcFileIsPutBack() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        var version = new DataVersionStep();
        p.write("data/churn.csv", "v1\n");
        DataVersion first = versionOf(version.run(new DataVersionParams(null, "data/churn.csv", null, false, true), context(p, "v1")));
        p.write("data/churn.csv", "v2\n");
        versionOf(version.run(new DataVersionParams(null, "data/churn.csv", null, false, true), context(p, "v2")));
        String currentDvc = Files.readString(p.dir.resolve("data/churn.csv.dvc"));
        p.write("data/churn.csv", "edited, never versioned\n");

        StepResult result = new DataRestoreStep().run(new DataRestoreParams("data/churn.csv", first.gitCommit(), null, null, null),
                DataStepContext.builder(p.dir).outputDir(tmp.resolve("r")).setting("dvc.binary", p.dvc.binary().toString()).build());

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("dvc said:"), result.message());
        assertTrue(result.message().contains("put back as it was"), result.message());
        assertEquals("edited, never versioned\n", Files.readString(p.dir.resolve("data/churn.csv")), "nothing was lost");
        assertEquals(currentDvc, Files.readString(p.dir.resolve("data/churn.csv.dvc")));
    }
}
