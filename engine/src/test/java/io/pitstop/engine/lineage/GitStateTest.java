package io.pitstop.engine.lineage;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a working copy's commit does not hold, on real repositories made with JGit: modified tracked
 * files, and the files a run reads that Git does not track (unless DVC versions them).
 */
class GitStateTest {

    @TempDir
    Path dir;
    Path project;
    Git git;
    String head;

    @BeforeEach
    void repository() throws Exception {
        // The project is a subdirectory of the repository, so paths are shown relative to the project.
        project = Files.createDirectories(dir.resolve("repo/churn"));
        Files.createDirectories(project.resolve("pipelines"));
        Files.createDirectories(project.resolve("data-contracts"));
        Files.writeString(project.resolve("pipelines/p.yaml"), "pipeline: p\n");
        Files.writeString(project.resolve("data-contracts/c.yaml"), "dataset: c\n");
        Files.writeString(project.resolve(".gitignore"), "/data/\n");
        git = Git.init().setDirectory(dir.resolve("repo").toFile()).setInitialBranch("main").call();
        git.add().addFilepattern(".").call();
        head = git.commit().setMessage("p").setSign(false).setAuthor("t", "t@localhost").setCommitter("t", "t@localhost")
                .call().name();
    }

    @Test
    void aCommittedCopyIsCleanAndUntrackedFilesTheRunDoesNotReadDoNotCount() throws Exception {
        Files.writeString(project.resolve("notes.txt"), "scratch\n");
        GitState state = GitState.of(project, List.of(Path.of("pipelines/p.yaml"), Path.of("data-contracts/c.yaml")));
        assertEquals(new GitState(head, false, List.of(), List.of()), state);
        assertEquals("", state.describeChanges());
    }

    @Test
    void anUntrackedPipelineAndContractTheRunReadsMakeItDirtyByName() throws Exception {
        Files.writeString(project.resolve("pipelines/new.yaml"), "pipeline: new\n");
        Files.writeString(project.resolve("data-contracts/new.yaml"), "dataset: new\n");
        GitState state = GitState.of(project, List.of(project.resolve("pipelines/new.yaml"),
                Path.of("data-contracts/new.yaml"), Path.of("data-contracts/c.yaml")));
        assertTrue(state.dirty());
        assertEquals(head, state.commit());
        assertEquals(List.of(), state.modified());
        assertEquals(List.of("data-contracts/new.yaml", "pipelines/new.yaml"), state.untracked());
        assertEquals(List.of("untracked data-contracts/new.yaml", "untracked pipelines/new.yaml"), state.changes());
        assertEquals("untracked data-contracts/new.yaml, pipelines/new.yaml", state.describeChanges());
    }

    @Test
    void aCommittedPipelineLockFileThatARunRewroteIsNotDirtButAnyOtherLockFileIs() throws Exception {
        Files.writeString(project.resolve("pipelines/p.lock"), "format_version: 1\n");
        Files.writeString(project.resolve("poetry.lock"), "a\n");
        git.add().addFilepattern(".").call();
        String locked = git.commit().setMessage("lock").setSign(false).setAuthor("t", "t@localhost")
                .setCommitter("t", "t@localhost").call().name();
        Files.writeString(project.resolve("pipelines/p.lock"), "format_version: 1\nsteps: {}\n");
        assertEquals(new GitState(locked, false, List.of(), List.of()), GitState.of(project, List.of(Path.of("pipelines/p.yaml"))),
                "what a run writes beside its pipeline does not make the next run, or a trigger's copy, dirty");
        Files.writeString(project.resolve("poetry.lock"), "b\n");
        assertEquals(List.of("poetry.lock"), GitState.of(project, List.of()).modified());
    }

    @Test
    void aModifiedOrDeletedTrackedFileMakesItDirtyWhetherTheRunReadsItOrNot() throws Exception {
        Files.writeString(project.resolve("data-contracts/c.yaml"), "dataset: changed\n");
        Files.delete(project.resolve("pipelines/p.yaml"));
        GitState state = GitState.of(project, List.of());
        assertTrue(state.dirty());
        assertEquals(List.of("data-contracts/c.yaml", "pipelines/p.yaml"), state.modified());
        assertEquals("modified data-contracts/c.yaml, pipelines/p.yaml", state.describeChanges());
    }

    @Test
    void anIgnoredDataFileIsJudgedByItsDvcVersionNotByGit() throws Exception {
        Path data = Files.createDirectories(project.resolve("data"));
        Files.writeString(data.resolve("versioned.csv"), "a\n1\n");
        Files.writeString(data.resolve("versioned.csv.dvc"), "outs:\n- md5: 0\n  path: versioned.csv\n");
        Files.writeString(data.resolve("loose.csv"), "a\n1\n");
        GitState state = GitState.of(project, List.of(Path.of("data/versioned.csv"), Path.of("data/loose.csv"),
                Path.of("data/not-written-yet.csv")));
        assertEquals(List.of("data/loose.csv"), state.untracked(), "ignored and not under DVC: nothing versions it");
    }

    @Test
    void aCommittedDvcFileThatTheDataStepMovedIsNotDirt() throws Exception {
        Files.writeString(project.resolve("telco.csv.dvc"), "outs:\n- md5: 1\n  path: telco.csv\n");
        git.add().addFilepattern(".").call();
        String withPointer = git.commit().setMessage("data").setSign(false).setAuthor("t", "t@localhost")
                .setCommitter("t", "t@localhost").call().name();
        Files.writeString(project.resolve("telco.csv.dvc"), "outs:\n- md5: 2\n  path: telco.csv\n");
        assertEquals(new GitState(withPointer, false, List.of(), List.of()), GitState.of(project, List.of()));
    }

    @Test
    void theDvcConfigThatTheDataStepPointedAtTheProfilesRemoteIsNotDirtButOtherDvcFilesAre() throws Exception {
        Files.createDirectories(project.resolve(".dvc"));
        Files.writeString(project.resolve(".dvc/config"), "");
        Files.writeString(project.resolve(".dvc/.gitignore"), "/config.local\n");
        git.add().addFilepattern(".").call();
        String initialised = git.commit().setMessage("dvc init").setSign(false).setAuthor("t", "t@localhost")
                .setCommitter("t", "t@localhost").call().name();
        // Where the data is stored, not what it is: the run records the remote in its data version.
        Files.writeString(project.resolve(".dvc/config"), "[core]\n    remote = pitstop\n");
        assertEquals(new GitState(initialised, false, List.of(), List.of()), GitState.of(project, List.of()));
        Files.writeString(project.resolve(".dvc/.gitignore"), "");
        assertEquals(List.of(".dvc/.gitignore"), GitState.of(project, List.of()).modified());
    }

    @Test
    void aTrackedDirectoryIsNotUntrackedAndAnUntrackedOneIs() throws Exception {
        Files.createDirectories(project.resolve("extra"));
        Files.writeString(project.resolve("extra/x.txt"), "x\n");
        GitState state = GitState.of(project, List.of(Path.of("pipelines"), Path.of("extra")));
        assertEquals(List.of("extra"), state.untracked());
    }

    @Test
    void aLongListIsCutShortInTheHeaderButKeptWhole() throws Exception {
        for (String name : List.of("a", "b", "c", "d", "e")) Files.writeString(project.resolve(name + ".yaml"), name);
        GitState state = GitState.of(project, List.of(Path.of("a.yaml"), Path.of("b.yaml"), Path.of("c.yaml"),
                Path.of("d.yaml"), Path.of("e.yaml")));
        assertEquals(5, state.changes().size());
        assertEquals("untracked a.yaml, b.yaml, c.yaml and 2 more", state.describeChanges());
    }

    @Test
    void outsideGitThereIsNoCommitAndARepositoryWithoutOneIsDirty() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertEquals(GitState.NONE, GitState.of(plain, List.of()));
        Path fresh = dir.resolve("fresh");
        Git.init().setDirectory(fresh.toFile()).setInitialBranch("main").call().close();
        GitState state = GitState.of(fresh, List.of());
        assertEquals("none", state.commit());
        assertTrue(state.dirty());
        assertFalse(GitState.NONE.dirty());
    }
}
