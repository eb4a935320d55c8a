package io.pitstop.engine.lineage;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.nio.file.Path;

/**
 * The commit the project's work tree is at and whether it has uncommitted changes to tracked files.
 * Untracked files (run state, caches) do not make a tree dirty.
 */
public record GitState(String commit, boolean dirty) {

    public static final GitState NONE = new GitState("none", false);

    public static GitState of(Path projectDir) {
        var builder = new FileRepositoryBuilder().readEnvironment().findGitDir(projectDir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) return NONE;
        try (var repo = builder.build(); var git = new Git(repo)) {
            ObjectId head = repo.resolve("HEAD");
            if (head == null) return new GitState("none", true);
            boolean dirty = git.status().call().hasUncommittedChanges();
            return new GitState(head.name(), dirty);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the Git state of " + projectDir + ": " + e.getMessage(), e);
        }
    }
}
