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
            ObjectId id = repo.resolve(commit + "^{commit}");
            if (id == null) {
                throw new IllegalArgumentException("commit " + commit + " is not in the repository at "
                        + repo.getWorkTree() + " (was it rebased away, or made in another clone?)");
            }
            relative = repo.getWorkTree().toPath().toAbsolutePath().normalize()
                    .relativize(projectDir.toAbsolutePath().normalize());
            if (Files.exists(dest)) throw new IllegalArgumentException(dest + " already exists");
            try (Git clone = Git.cloneRepository().setURI(repo.getDirectory().toURI().toString())
                    .setDirectory(dest.toFile()).setNoCheckout(true).call()) {
                clone.checkout().setName(id.name()).call();
            }
        } catch (GitAPIException e) {
            throw new IOException("cannot check out " + commit + " into " + dest + ": " + e.getMessage(), e);
        }
        return dest.resolve(relative);
    }
}
