package io.pitstop.engine.cli;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.SqlRunStore;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pitstop trigger <tag>} against a real Git repository made with JGit in a temp directory. */
class CliTriggerTest {

    @TempDir
    Path dir;
    TestProject project;
    Git git;
    RevCommit tagged;

    @BeforeEach
    void repository() throws Exception {
        project = TestProject.create(dir);
        project.pipeline(false);
        Files.writeString(dir.resolve(".gitignore"), ".pitstop/\n");
        git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        tagged = commit("pipeline p");
        git.tag().setName("train/p/v1").setObjectId(tagged).setAnnotated(true).setMessage("train p").call();
    }

    @AfterEach
    void close() {
        git.close();
    }

    private RevCommit commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("t", "t@localhost").setCommitter("t", "t@localhost")
                .setSign(false).call();
    }

    private List<RunRecord> runs() {
        try (var store = SqlRunStore.open(ProfileLoader.load(dir, "local"))) {
            return store.listRuns(10);
        }
    }

    @Test
    void aTagRunsItsPipelineAtExactlyTheTaggedCommitAndRecordsTagAndCommit() throws Exception {
        // After the tag: a new commit changing the pipeline, and an uncommitted broken edit on top.
        Files.writeString(dir.resolve("pipelines/p.yaml"), TestProject.PIPELINE.formatted(true));
        RevCommit later = commit("gate says no");
        Files.writeString(dir.resolve("pipelines/p.yaml"), "not: [a pipeline");

        CliResult r = project.cli("trigger", "train/p/v1");
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        RunRecord run = runs().get(0);
        assertEquals(RunStatus.SUCCEEDED, run.status(), run.message());
        assertEquals(tagged.name(), run.gitCommit());
        assertTrue(!run.gitDirty());
        assertTrue(run.environmentJson().contains("\"trigger.tag\":\"train/p/v1\""), run.environmentJson());
        assertTrue(run.environmentJson().contains("\"trigger.commit\":\"" + tagged.name() + "\""));
        assertTrue(run.specText().contains("stop: false"), "the tagged file ran, not " + later.name());
        assertTrue(Files.isDirectory(dir.resolve(".pitstop/triggers/train_p_v1/.git")));
    }

    @Test
    void aTagThatNamesNoPipelineIsRefused() {
        CliResult r = project.cli("trigger", "release/v1");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertEquals("pitstop: tag 'release/v1' names no pipeline: a trigger tag is train/<pipeline>/<label>,"
                + " e.g. train/telco-churn/2026-11-22", r.err().strip());
        assertTrue(runs().isEmpty());
    }

    @Test
    void aMissingTagIsRefused() {
        CliResult r = project.cli("trigger", "train/p/v2");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().startsWith("pitstop: no tag 'train/p/v2' in "), r.transcript());
    }

    @Test
    void aTagOnSomethingOtherThanACommitIsRefused() throws Exception {
        try (ObjectInserter ins = git.getRepository().newObjectInserter()) {
            var blob = ins.insert(org.eclipse.jgit.lib.Constants.OBJ_BLOB, "x".getBytes(StandardCharsets.UTF_8));
            ins.flush();
            var update = git.getRepository().updateRef("refs/tags/train/p/blob");
            update.setNewObjectId(blob);
            update.forceUpdate();
        }
        CliResult r = project.cli("trigger", "train/p/blob");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("points to a blob"), r.transcript());
    }

    @Test
    void aPipelineAbsentAtTheTaggedCommitIsRefusedAndTheOnesThereAreNamed() throws Exception {
        git.tag().setName("train/churn/v1").setObjectId(tagged).call();
        CliResult r = project.cli("trigger", "train/churn/v1");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertEquals("pitstop: tag 'train/churn/v1' names pipeline 'churn', but pipelines/churn.yaml does not exist"
                + " at commit " + tagged.name().substring(0, 10) + " (pipelines there: pipelines/p.yaml)", r.err().strip());
        assertTrue(runs().isEmpty());
    }

    @Test
    void aDirtyWorkingCopyForTheTagIsRefusedAndKept() throws Exception {
        assertEquals(RunOutcome.EXIT_OK, project.cli("trigger", "train/p/v1").exitCode());
        Path copied = dir.resolve(".pitstop/triggers/train_p_v1/pipelines/p.yaml");
        Files.writeString(copied, Files.readString(copied) + "# investigating\n");

        CliResult r = project.cli("trigger", "train/p/v1");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("dirty: the working copy") && r.err().contains("has changes to tracked files"),
                r.transcript());
        assertTrue(Files.readString(copied).endsWith("# investigating\n"), "the edit was not discarded");
        assertEquals(1, runs().size());
    }

    @Test
    void aRunFromAnUntrackedPipelineIsDirtyAndSaysWhichFileItsCommitLacks() throws Exception {
        String q = project.pipeline("q.yaml", TestProject.PIPELINE.formatted(false).replace("pipeline: p", "pipeline: q"));
        Files.writeString(dir.resolve("notes.txt"), "not read by the run, so it does not count\n");

        CliResult r = project.cli("run", q);
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        assertTrue(r.out().contains(" +uncommitted changes: untracked pipelines/q.yaml)"), r.transcript());
        RunRecord dirty = runs().get(0);
        assertTrue(dirty.gitDirty());
        assertEquals(List.of("untracked pipelines/q.yaml"), dirty.gitChanges());
        CliResult show = project.cli("runs", "show", dirty.runId());
        assertTrue(show.out().contains("(uncommitted changes)\n          untracked pipelines/q.yaml\n"), show.transcript());

        RevCommit added = commit("pipeline q");
        CliResult again = project.cli("run", q);
        assertEquals(RunOutcome.EXIT_OK, again.exitCode(), again.transcript());
        assertFalse(again.out().contains("uncommitted"), again.transcript());
        RunRecord clean = runs().get(0);
        assertEquals(added.name(), clean.gitCommit());
        assertFalse(clean.gitDirty());
        assertEquals(List.of(), clean.gitChanges());
    }
}
