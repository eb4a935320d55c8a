package io.pitstop.engine.lineage;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A separate, clean checkout of a project's repository at one commit: what rebuilding from a
 * lineage needs, so the user's own work tree (branch, edits, data) is never touched.
 */
public final class WorkingCopy {

    private WorkingCopy() {
    }

    /**
     * Clones the repository that contains {@code projectDir} into {@code dest} (which must not exist)
     * and checks out {@code commit} detached.
     *
     * @return the project directory inside the copy (the same relative place as in the original)
     * @throws IllegalArgumentException when the project is not in a Git repository or the commit is unknown
     */
    public static Path checkout(Path projectDir, String commit, Path dest) throws IOException {
        var builder = new FileRepositoryBuilder().readEnvironment().findGitDir(projectDir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            throw new IllegalArgumentException(projectDir + " is not in a Git repository, so no commit can be checked out");
        }
        Path relative;
        try (Repository repo = builder.build()) {
            ObjectId id;
            try {
                id = repo.resolve(commit + "^{commit}");
            } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                id = null; // a full id whose object is not here: the same answer as an unknown name
            }
            if (id == null) {
                throw new IllegalArgumentException("commit " + commit + " is not in the repository at "
                        + repo.getWorkTree() + " (was it rebased away, or made in another clone?)");
            }
            relative = repo.getWorkTree().toPath().toAbsolutePath().normalize()
                    .relativize(projectDir.toAbsolutePath().normalize());
            if (Files.exists(dest)) throw new IllegalArgumentException(dest + " already exists");
            clone(repo, id.name(), dest);
        }
        return dest.resolve(relative);
    }

    /** Clones {@code repo} into {@code dest} and checks out {@code commitId} (a full id) detached. */
    public static void clone(Repository repo, String commitId, Path dest) throws IOException {
        try (Git clone = Git.cloneRepository().setURI(repo.getDirectory().toURI().toString())
                .setDirectory(dest.toFile()).call()) {
            // A no-checkout clone leaves an empty index, and JGit then sees every file that differs between
            // the branch tip and the commit as a conflict: check the branch out first, then move.
            clone.checkout().setName(commitId).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot check out " + commitId + " into " + dest + ": " + e.getMessage(), e);
        }
    }

    /**
     * Points the copy's DVC cache at the project's, so a data version that was never pushed still
     * comes back, what the copy versions is in the project's cache too, and nothing is stored twice.
     * config.local is dvc's own per-checkout setting (ignored by Git), so the copy stays clean.
     */
    public static void shareDvcCache(Path project, Path copy) throws IOException {
        Path cache = project.resolve(".dvc/cache");
        if (Files.isDirectory(copy.resolve(".dvc")) && Files.isDirectory(project.resolve(".dvc"))) {
            Files.createDirectories(cache);
            Files.writeString(copy.resolve(".dvc/config.local"), "[cache]\n    dir = " + cache + "\n");
        }
    }
}
