package io.pitstop.engine.lineage;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A clean checkout of an older commit, for reproduce: the user's work tree is never touched. */
class WorkingCopyTest {

    @TempDir
    Path dir;

    @Test
    void anOlderCommitComesBackInAFreshCopyWhileTheProjectStaysAtItsTip() throws Exception {
        Path repo = dir.resolve("repo");
        Path project = Files.createDirectories(repo.resolve("churn"));
        String first;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(project.resolve("pipeline.yaml"), "v1\n");
            git.add().addFilepattern(".").call();
            first = git.commit().setMessage("v1").setSign(false).setAuthor("t", "t@example.org").setCommitter("t", "t@example.org").call().name();
            Files.writeString(project.resolve("pipeline.yaml"), "v2\n");
            Files.writeString(project.resolve("added-later.txt"), "x\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("v2").setSign(false).setAuthor("t", "t@example.org").setCommitter("t", "t@example.org").call();
        }
        Files.writeString(project.resolve("pipeline.yaml"), "uncommitted edit\n");

        Path copy = WorkingCopy.checkout(project, first, dir.resolve("copy"));

        assertEquals(dir.resolve("copy/churn"), copy, "the project's place inside the copy");
        assertEquals("v1\n", Files.readString(copy.resolve("pipeline.yaml")));
        assertTrue(Files.notExists(copy.resolve("added-later.txt")));
        assertEquals(first, GitState.of(copy).commit());
        assertEquals("uncommitted edit\n", Files.readString(project.resolve("pipeline.yaml")), "the project is untouched");
    }

    @Test
    void anUnknownCommitAndAnExistingDestinationAreRefusedByName() throws Exception {
        Path repo = dir.resolve("repo");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("f"), "x\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("one").setSign(false).setAuthor("t", "t@example.org").setCommitter("t", "t@example.org").call();
        }
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> WorkingCopy.checkout(repo, "0123456789abcdef0123456789abcdef01234567", dir.resolve("c1")));
        assertTrue(unknown.getMessage().startsWith("commit 0123456789abcdef0123456789abcdef01234567 is not in the repository"),
                unknown.getMessage());
        Files.createDirectories(dir.resolve("taken"));
        var taken = assertThrows(IllegalArgumentException.class, () -> WorkingCopy.checkout(repo, "HEAD", dir.resolve("taken")));
        assertEquals(dir.resolve("taken") + " already exists", taken.getMessage());
    }
}
