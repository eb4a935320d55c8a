package io.pitstop.steps.data;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The project's Git repository, as the data steps need it: commit a .dvc file so a data version is
 * reachable from Git, and read a .dvc file as it was at an older commit without touching the user's
 * branch or index. JGit, not a {@code git} process, so no Git install or terminal prompt is involved.
 *
 * <p>Paths are relative to the work tree root, which for Pitstop projects is the project directory.
 */
final class GitWorkTree implements AutoCloseable {

    private final Git git;
    private final Path root;

    private GitWorkTree(Git git) {
        this.git = git;
        this.root = git.getRepository().getWorkTree().toPath().toAbsolutePath().normalize();
    }

    /** The Git repository whose work tree contains {@code dir}. */
    static GitWorkTree open(Path dir) throws GitWorkTreeException {
        var builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            throw new GitWorkTreeException(dir + " is not inside a Git repository; data versions are committed"
                    + " to the project's Git repository (run `git init` there, or use commit: false)");
        }
        try {
            Repository repo = builder.build();
            if (repo.isBare()) throw new GitWorkTreeException(dir + " is in a bare Git repository, which has no work tree");
            return new GitWorkTree(new Git(repo));
        } catch (IOException e) {
            throw new GitWorkTreeException("cannot open the Git repository of " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code path} (absolute or relative to the working directory) as Git names it: relative to the root, with '/'. */
    String gitPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) throw new GitWorkTreeException(path + " is outside the Git work tree " + root);
        return root.relativize(absolute).toString().replace('\\', '/');
    }

    /** Files whose staged content differs from HEAD: what a plain {@code git commit} would include. */
    List<String> stagedChanges() {
        Status status = status();
        var staged = new TreeSet<String>();
        staged.addAll(status.getAdded());
        staged.addAll(status.getChanged());
        staged.addAll(status.getRemoved());
        return List.copyOf(staged);
    }

    /**
     * Stages exactly {@code paths} and commits them. Callers check {@link #stagedChanges()} first, so
     * the commit holds nothing but these paths.
     *
     * @return the new commit's id, or empty when the paths already match HEAD (nothing to commit)
     */
    Optional<String> commit(Collection<String> paths, String message) {
        try {
            var add = git.add();
            paths.forEach(add::addFilepattern);
            add.call();
            var ours = new TreeSet<>(paths);
            if (stagedChanges().stream().noneMatch(ours::contains)) return Optional.empty();
            RevCommit commit = git.commit().setMessage(message).setSign(false).setAllowEmpty(false).call();
            return Optional.of(commit.name());
        } catch (GitAPIException e) {
            throw new GitWorkTreeException("cannot commit " + paths + " in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The full commit id {@code revision} (an id, abbreviated id, tag or branch) names. */
    String resolveCommit(String revision) {
        try {
            ObjectId id = git.getRepository().resolve(revision + "^{commit}");
            if (id == null) {
                throw new GitWorkTreeException("no commit '" + revision + "' in the Git repository " + root
                        + " (give a commit id, tag or branch; see `git log --oneline`)");
            }
            return id.name();
        } catch (IOException e) {
            throw new GitWorkTreeException("cannot resolve '" + revision + "' in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of {@code gitPath} as committed in {@code commitId}; empty when that commit has no such file. */
    Optional<byte[]> fileAt(String commitId, String gitPath) {
        Repository repo = git.getRepository();
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(commitId));
            try (TreeWalk tree = TreeWalk.forPath(repo, gitPath, commit.getTree())) {
                if (tree == null) return Optional.empty();
                return Optional.of(repo.open(tree.getObjectId(0)).getBytes());
            }
        } catch (IOException e) {
            throw new GitWorkTreeException("cannot read " + gitPath + " at commit " + commitId + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file on disk is byte for byte what HEAD holds (false when HEAD lacks it or there is no HEAD). */
    boolean matchesHead(String gitPath) {
        try {
            ObjectId head = git.getRepository().resolve("HEAD");
            if (head == null) return false;
            Optional<byte[]> committed = fileAt(head.name(), gitPath);
            Path onDisk = root.resolve(gitPath);
            return committed.isPresent() && Files.isRegularFile(onDisk)
                    && Arrays.equals(committed.get(), Files.readAllBytes(onDisk));
        } catch (IOException e) {
            throw new GitWorkTreeException("cannot compare " + gitPath + " with HEAD: " + e.getMessage(), e);
        }
    }

    private Status status() {
        try {
            return git.status().call();
        } catch (GitAPIException e) {
            throw new GitWorkTreeException("cannot read the Git status of " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        git.getRepository().close();
        git.close();
    }

    /** A Git operation the data steps need could not be done; the message names the repository and what to do. */
    static final class GitWorkTreeException extends RuntimeException {
        GitWorkTreeException(String message) {
            super(message);
        }

        GitWorkTreeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
