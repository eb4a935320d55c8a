package io.pitstop.engine.lineage;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Release tags in a real Git repository: they point at the build commit, and never move. */
class ReleaseTagTest {

    @TempDir
    Path dir;

    @Test
    void tagsTheBuildCommitNotHeadAndNeverMovesATag() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("a.txt"), "1");
            git.add().addFilepattern("a.txt").call();
            RevCommit built = git.commit().setMessage("model code").setAuthor("t", "t@x").setCommitter("t", "t@x").call();
            Files.writeString(dir.resolve("a.txt"), "2");
            git.add().addFilepattern("a.txt").call();
            RevCommit later = git.commit().setMessage("later").setAuthor("t", "t@x").setCommitter("t", "t@x").call();

            var outcome = ReleaseTag.tag(dir, "churn", "1.4.0", built.name(), "churn 1.4.0", "ci");
            assertTrue(outcome.created());
            assertEquals("model/churn/v1.4.0", outcome.name());
            var ref = git.getRepository().getRefDatabase().peel(git.getRepository().exactRef("refs/tags/model/churn/v1.4.0"));
            assertNotNull(ref.getPeeledObjectId(), "an annotated tag");
            assertEquals(built.getId(), ref.getPeeledObjectId());

            assertFalse(ReleaseTag.tag(dir, "churn", "1.4.0", built.name(), "again", "ci").created(), "a retry is a no-op");
            var e = assertThrows(IllegalStateException.class,
                    () -> ReleaseTag.tag(dir, "churn", "1.4.0", later.name(), "moved", "ci"));
            assertTrue(e.getMessage().contains("never moved"), e.getMessage());
            assertEquals("the package records no Git commit", ReleaseTag.tag(dir, "churn", "1.5.0", "none", "m", "ci").skipped());
        }
    }
}
