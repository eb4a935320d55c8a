package io.pitstop.steps.data;

import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.step.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** data.version on a temp Git + DVC project with the real dvc and a local-directory remote. */
class DataVersionStepTest {

    @TempDir
    Path tmp;

    private final DataVersionStep step = new DataVersionStep();

    private DataStepContext context(TempProject p, String outDir) {
        return DataStepContext.builder(p.dir)
                .outputDir(tmp.resolve(outDir))
                .setting("dvc.binary", p.dvc.binary().toString())
                .setting("dvc.remote", "../remote")
                .build();
    }

    @Test
    void copiesTheSourceAddsAndPushesItAndRecordsTheVersion() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("landing/churn.csv", "customer_id,churn\nC1,No\n");
        var params = new DataVersionParams("landing/churn.csv", "data/churn.csv", null, null, null);
        var ctx = context(p, "out1");

        StepResult result = step.run(params, ctx);

        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        Path dataset = Path.of(result.outputs().get("dataset"));
        assertEquals(p.dir.resolve("data/churn.csv"), dataset);
        assertEquals("customer_id,churn\nC1,No\n", Files.readString(dataset));
        DataVersion v = DataVersion.read(Path.of(result.outputs().get("data_version")));
        assertEquals(TempProject.md5(dataset), v.md5());
        assertEquals("data/churn.csv", v.path());
        assertEquals("data/churn.csv.dvc", v.dvcFile());
        assertEquals(tmp.resolve("remote").toString(), v.remote());
        assertEquals(p.git.getRepository().resolve("HEAD").name(), v.gitCommit());
        assertTrue(Files.isRegularFile(tmp.resolve("remote/files/md5/" + v.md5().substring(0, 2) + "/" + v.md5().substring(2))));
        var json = Json.MAPPER.readTree(tmp.resolve("out1/data-version.json").toFile());
        assertEquals(1, json.get("format").asInt());
    }

    @Test
    void theCacheKeyFollowsTheSourceContent() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("landing/churn.csv", "a\n1\n");
        var params = new DataVersionParams("landing/churn.csv", "data/churn.csv", null, false, null);
        var ctx = context(p, "out");

        var first = step.externalInputs(params, ctx);
        var again = step.externalInputs(params, ctx);
        p.write("landing/churn.csv", "a\n2\n");
        var changed = step.externalInputs(params, ctx);

        assertEquals(first, again);
        assertNotEquals(first.get("content_sha256"), changed.get("content_sha256"));
    }

    @Test
    void aCachedResultHoldsOnlyWhileTheTrackedFileHasTheRecordedMd5() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("landing/churn.csv", "a\n1\n");
        var params = new DataVersionParams("landing/churn.csv", "data/churn.csv", null, false, null);
        var ctx = context(p, "out");

        var beforeRun = step.externalInputs(params, ctx);
        StepResult result = step.run(params, ctx);
        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        assertEquals(beforeRun, step.externalInputs(params, ctx), "the key is the source: a re-run is a cache hit");
        assertTrue(step.cachedOutputsHold(params, result.outputs(), ctx));

        p.write("data/churn.csv", "a\n999\n"); // e.g. a restore of another version; the source is unchanged
        assertEquals(beforeRun, step.externalInputs(params, ctx));
        assertFalse(step.cachedOutputsHold(params, result.outputs(), ctx), "a changed tracked file is not reused");

        Files.delete(p.dir.resolve("data/churn.csv"));
        assertFalse(step.cachedOutputsHold(params, result.outputs(), ctx), "nor a deleted one");
    }

    @Test
    void aProjectWithoutDvcInitFailsWithTheFix() throws Exception {
        TempProject p = TempProject.create(tmp, false);
        p.write("data/churn.csv", "a\n1\n");

        DvcException e = assertThrows(DvcException.class,
                () -> step.run(new DataVersionParams(null, "data/churn.csv", null, null, null), context(p, "out")));

        assertEquals(DvcException.Kind.NOT_A_REPOSITORY, e.kind());
        assertTrue(e.getMessage().contains("init"), e.getMessage());
    }

    @Test
    void aMissingSourceIsAValidationProblem() throws Exception {
        TempProject p = TempProject.create(tmp, true);

        var problems = step.validate(new DataVersionParams("landing/nope.csv", "data/churn.csv", null, null, null),
                context(p, "out"));

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("/source: source file landing/nope.csv does not exist"),
                problems.get(0).message());
    }

    @Test
    void pushingWithoutAnyRemoteFailsWithWhereToSetOne() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("data/churn.csv", "a\n1\n");
        var ctx = DataStepContext.builder(p.dir).outputDir(tmp.resolve("out"))
                .setting("dvc.binary", p.dvc.binary().toString()).build();

        StepResult result = step.run(new DataVersionParams(null, "data/churn.csv", null, true, null), ctx);

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("set dvc.remote in the profile"), result.message());
    }

    @Test
    void commitTrueCommitsTheDvcFileAndGitignoreAndRecordsThatCommit() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("landing/churn.csv", "a\n1\n");
        String before = p.git.getRepository().resolve("HEAD").name();

        StepResult result = step.run(new DataVersionParams("landing/churn.csv", "data/churn.csv", null, true, true),
                context(p, "out"));

        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        DataVersion v = DataVersion.read(Path.of(result.outputs().get("data_version")));
        var head = p.git.log().setMaxCount(1).call().iterator().next();
        assertNotEquals(before, head.name(), "a new commit was made");
        assertEquals(head.name(), v.gitCommit());
        assertEquals(false, v.gitDirty());
        assertTrue(head.getFullMessage().contains("data/churn.csv") && head.getFullMessage().contains(v.md5())
                && head.getFullMessage().contains("test-run"), head.getFullMessage());
        var treeFiles = new java.util.TreeSet<String>();
        try (var walk = new org.eclipse.jgit.treewalk.TreeWalk(p.git.getRepository())) {
            walk.addTree(head.getTree());
            walk.addTree(head.getParent(0).getTree());
            walk.setRecursive(true);
            walk.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
            while (walk.next()) treeFiles.add(walk.getPathString());
        }
        assertEquals(java.util.Set.of("data/churn.csv.dvc", "data/.gitignore", ".dvc/config"), treeFiles,
                "only the data version and where to pull it from are committed");
        assertTrue(result.message().contains("committed data/churn.csv.dvc as " + head.name().substring(0, 12)), result.message());
    }

    /** What a colleague does: clone the project with real git, then `dvc pull` with the real dvc. */
    @Test
    void aFreshCloneRestoresTheDataWithDvcPull() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("landing/churn.csv", "customer_id,churn\nC1,No\nC2,Yes\n");
        StepResult result = step.run(new DataVersionParams("landing/churn.csv", "data/churn.csv", null, true, true),
                context(p, "out"));
        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        // The remote as the profile names it (../remote, from the project root), relative to .dvc/ as dvc keeps it.
        assertTrue(Files.readString(p.dir.resolve(".dvc/config")).contains("url = ../../remote"),
                Files.readString(p.dir.resolve(".dvc/config")));

        Path clone = tmp.resolve("clone");
        run(tmp, "git", "clone", "-q", p.dir.toString(), clone.toString());
        assertFalse(Files.exists(clone.resolve("data/churn.csv")), "git-ignored: only its .dvc file is in Git");
        assertFalse(Files.exists(clone.resolve(".dvc/config.local")), "the clone has only what was committed");
        run(clone, p.dvc.binary().toString(), "pull");
        assertEquals("customer_id,churn\nC1,No\nC2,Yes\n", Files.readString(clone.resolve("data/churn.csv")));
    }

    /** The demo's default, a directory in the git-ignored state dir: committed relative, so every clone writes the same bytes. */
    @Test
    void theLocalDefaultIsCommittedAsARelativePathThatDvcPullFollows() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("landing/churn.csv", "a\n1\n");
        var ctx = DataStepContext.builder(p.dir).outputDir(tmp.resolve("out"))
                .setting("dvc.binary", p.dvc.binary().toString()).setting("dvc.remote", ".pitstop/dvc-remote").build();
        assertEquals(StepResult.Outcome.SUCCEEDED,
                step.run(new DataVersionParams("landing/churn.csv", "data/churn.csv", null, true, true), ctx).outcome());
        assertEquals("[core]\n    remote = pitstop\n['remote \"pitstop\"']\n    url = ../.pitstop/dvc-remote\n",
                Files.readString(p.dir.resolve(".dvc/config")));
        // With only the committed config (no config.local), dvc pull finds the remote.
        Files.delete(p.dir.resolve(".dvc/config.local"));
        Files.delete(p.dir.resolve("data/churn.csv"));
        run(p.dir, p.dvc.binary().toString(), "pull");
        assertEquals("a\n1\n", Files.readString(p.dir.resolve("data/churn.csv")));
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), String.join(" ", command) + " timed out");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + out);
    }

    @Test
    void commitTrueRefusesToSweepOtherStagedChangesIntoTheDataCommit() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("data/churn.csv", "a\n1\n");
        p.write("src/unrelated.txt", "work in progress\n");
        p.git.add().addFilepattern("src/unrelated.txt").call();
        String before = p.git.getRepository().resolve("HEAD").name();

        StepResult result = step.run(new DataVersionParams(null, "data/churn.csv", null, false, true), context(p, "out"));

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("other changes are staged in Git [src/unrelated.txt]"), result.message());
        assertEquals(before, p.git.getRepository().resolve("HEAD").name(), "nothing was committed");
        assertFalse(Files.exists(p.dir.resolve("data/churn.csv.dvc")), "nothing was added either");
    }

    @Test
    void anUnreachableRemoteFailsTheStepWithDvcsMessageAndLeavesTheDvcFileAsItWas() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("data/churn.csv", "a\n1\n");
        step.run(new DataVersionParams(null, "data/churn.csv", null, false, null), context(p, "out1"));
        String firstDvc = Files.readString(p.dir.resolve("data/churn.csv.dvc"));
        p.write("data/churn.csv", "a\n2\n");
        // A remote "directory" below a regular file can never be created, even by root.
        Path blocker = Files.writeString(tmp.resolve("a-file"), "not a directory");
        String before = p.git.getRepository().resolve("HEAD").name();

        StepResult result = step.run(new DataVersionParams(null, "data/churn.csv", blocker.resolve("remote").toString(),
                true, true), context(p, "out2"));

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("dvc push of data/churn.csv"), result.message());
        assertTrue(result.message().contains("dvc said:") && result.message().contains("Not a directory"), result.message());
        assertTrue(result.message().contains("put back as it was"), result.message());
        assertEquals(firstDvc, Files.readString(p.dir.resolve("data/churn.csv.dvc")), "the .dvc still names the old version");
        assertEquals(before, p.git.getRepository().resolve("HEAD").name(), "nothing was committed");
        assertFalse(Files.exists(tmp.resolve("out2/data-version.json")), "no data version was recorded");
    }

    @Test
    void theMessageSaysWhetherTheDataChangedAndWhetherTheDvcFileIsCommitted() throws Exception {
        TempProject p = TempProject.create(tmp, true);
        p.write("data/churn.csv", "a\n1\n");
        StepResult first = step.run(new DataVersionParams(null, "data/churn.csv", null, false, null), context(p, "o1"));
        p.write("data/churn.csv", "a\n2\n");

        StepResult second = step.run(new DataVersionParams(null, "data/churn.csv", null, false, null), context(p, "o2"));

        assertTrue(first.message().contains("first version"), first.message());
        assertTrue(first.message().contains("differs from that commit: commit it (or set commit: true)"), first.message());
        assertTrue(second.message().contains("changed since its .dvc file (modified)"), second.message());
    }
}
