package io.pitstop.engine.lineage;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The commit a working copy is at and what in it the commit does not hold, so a run's lineage never
 * claims a commit that could not rebuild it.
 *
 * <p>The copy is dirty when a tracked file differs from the commit ({@code modified}), or when a file
 * the run reads as it is (its pipeline, a contract, an input) is not in Git at all ({@code untracked}).
 * A file DVC versions (a {@code <file>.dvc} beside it) is not untracked for being ignored by Git: its
 * version is the md5 the data step records; for the same reason a changed {@code .dvc} file is not a
 * modification, nor is a changed {@code .dvc/config} (where the data is stored, which the run records too). Other untracked files (run state, caches, notes) do not make a copy dirty. Paths are
 * relative to the project directory, with {@code /}.
 *
 * @param dirty     the commit alone does not reproduce the copy (also true for a repository with no commit yet)
 * @param modified  tracked files that differ from the commit (changed, added, deleted), sorted
 * @param untracked files the run reads that Git does not track, sorted
 */
public record GitState(String commit, boolean dirty, List<String> modified, List<String> untracked) {

    public static final GitState NONE = new GitState("none", false);

    /** How many names of each kind {@link #describeChanges()} shows before it counts the rest. */
    static final int NAMES_SHOWN = 3;

    public GitState {
        modified = List.copyOf(modified);
        untracked = List.copyOf(untracked);
        if (!modified.isEmpty() || !untracked.isEmpty()) dirty = true;
    }

    public GitState(String commit, boolean dirty) {
        this(commit, dirty, List.of(), List.of());
    }

    /** The Git state of the copy containing {@code projectDir}, judging tracked files only. */
    public static GitState of(Path projectDir) {
        return of(projectDir, List.of());
    }

    /**
     * @param reads files the run reads as they are, absolute or relative to {@code projectDir}; one that
     *              does not exist (yet) is skipped: the step that needs it says so
     */
    public static GitState of(Path projectDir, Collection<Path> reads) {
        Path project = projectDir.toAbsolutePath().normalize();
        var builder = new FileRepositoryBuilder().readEnvironment().findGitDir(project.toFile());
        if (builder.getGitDir() == null) return NONE;
        try (var repo = builder.build(); var git = new Git(repo)) {
            Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
            var modified = new TreeSet<String>();
            for (String path : git.status().call().getUncommittedChanges()) {
                // A .dvc file names a data version, and the run records the version it used (data.md5), so
                // the data step moving the pointer (before a later task of the same run looks) is not dirt.
                // A pipeline's lock file (io.pitstop.engine.run.LockFile) is what a run writes, not what it reads:
                // a committed one that the last run rewrote must not make the next run, or a trigger's copy, dirty.
                // The DVC config says where data is stored, not what it is (the run records the remote it pushed
                // to): the data step pointing the committed config at the profile's remote is not dirt either.
                if (!path.endsWith(".dvc") && !isPipelineLock(top.resolve(path)) && !isDvcConfig(path)) {
                    modified.add(shown(project, top.resolve(path)));
                }
            }
            var untracked = new TreeSet<String>();
            DirCache index = repo.readDirCache();
            for (Path read : reads) {
                Path file = project.resolve(read).normalize();
                if (!Files.exists(file) || versionedByDvc(file)) continue;
                if (!file.startsWith(top) || !tracked(index, top.relativize(file).toString().replace('\\', '/'))) {
                    untracked.add(shown(project, file));
                }
            }
            ObjectId head = repo.resolve("HEAD");
            return new GitState(head == null ? "none" : head.name(), head == null, List.copyOf(modified),
                    List.copyOf(untracked));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the Git state of " + projectDir + ": " + e.getMessage(), e);
        }
    }

    /** A DVC project's {@code .dvc/config}, at the repository's top or in a subdirectory. */
    private static boolean isDvcConfig(String path) {
        return path.equals(".dvc/config") || path.endsWith("/.dvc/config");
    }

    /** {@code pipelines/x.lock} beside a {@code pipelines/x.yaml}. */
    private static boolean isPipelineLock(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".lock")
                && Files.isRegularFile(file.resolveSibling(name.substring(0, name.length() - ".lock".length()) + ".yaml"));
    }

    /** What the commit lacks, one entry per file: {@code modified <path>} or {@code untracked <path>}. */
    public List<String> changes() {
        List<String> out = new ArrayList<>();
        modified.forEach(p -> out.add("modified " + p));
        untracked.forEach(p -> out.add("untracked " + p));
        return out;
    }

    /**
     * The changes in a few words for a run's header: {@code modified pipelines/p.yaml; untracked
     * data-contracts/c.yaml, data/x.csv and 2 more}; empty when there are none to name.
     */
    public String describeChanges() {
        List<String> parts = new ArrayList<>();
        if (!modified.isEmpty()) parts.add("modified " + names(modified));
        if (!untracked.isEmpty()) parts.add("untracked " + names(untracked));
        return String.join("; ", parts);
    }

    private static String names(List<String> paths) {
        if (paths.size() <= NAMES_SHOWN) return String.join(", ", paths);
        return String.join(", ", paths.subList(0, NAMES_SHOWN)) + " and " + (paths.size() - NAMES_SHOWN) + " more";
    }

    private static boolean tracked(DirCache index, String path) {
        if (index.findEntry(path) >= 0) return true;
        // A directory is tracked when something under it is.
        int next = -(index.findEntry(path + "/") + 1);
        return next < index.getEntryCount() && index.getEntry(next).getPathString().startsWith(path + "/");
    }

    private static boolean versionedByDvc(Path file) {
        return Files.isRegularFile(file.resolveSibling(file.getFileName() + ".dvc"));
    }

    private static String shown(Path project, Path file) {
        return project.relativize(file.normalize()).toString().replace('\\', '/');
    }
}
