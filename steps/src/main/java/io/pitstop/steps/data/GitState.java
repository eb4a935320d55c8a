package io.pitstop.steps.data;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.api.Git;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Git commit a data version was recorded at. With the .dvc md5 it answers "which data did this
 * run use, and where is the .dvc file that brings it back?".
 *
 * @param commit HEAD's SHA, or null when the directory is not in a Git repository or has no commit
 * @param dirty  whether tracked files differ from HEAD (null when there is no commit)
 */
public record GitState(String commit, Boolean dirty) {

    public static final GitState NONE = new GitState(null, null);

    /** Reads HEAD of the repository containing {@code dir}; never fails, since lineage is best effort. */
    public static GitState of(Path dir) {
        var builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) return NONE;
        try (Repository repo = builder.build(); Git git = new Git(repo)) {
            ObjectId head = repo.resolve("HEAD");
            if (head == null) return NONE;
            // Untracked files do not change what a checkout of this commit gives back, so they are not "dirty".
            boolean dirty = git.status().setIgnoreSubmodules(
                    org.eclipse.jgit.submodule.SubmoduleWalk.IgnoreSubmoduleMode.ALL).call().hasUncommittedChanges();
            return new GitState(head.name(), dirty);
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException | RuntimeException e) {
            return NONE;
        }
    }
}
