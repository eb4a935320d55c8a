package io.pitstop.engine.trigger;

import io.pitstop.engine.lineage.GitState;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A clean working copy of the project at exactly the commit a tag {@code train/<pipeline>/<label>}
 * points to, made with JGit beside (never in) the user's work tree, so uncommitted edits there can
 * never leak into a triggered run.
 *
 * <p>Dirty, for a tag trigger, means the copy that would run is not exactly the tagged commit: a
 * copy left from an earlier trigger of the same tag has edits to tracked files, or sits at another
 * commit (the tag was moved). Pitstop refuses rather than reset it, since the edits may be someone's
 * investigation of a failed run; delete the copy to trigger afresh.
 *
 * @param pipelineFile the pipeline's file, relative to the copy ({@code pipelines/<pipeline>.yaml})
 */
public record TagCheckout(String tag, String pipeline, String label, String commit, Path workDir,
                          String pipelineFile) {

    static final Pattern TAG = Pattern.compile("train/([a-z0-9][a-z0-9-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)");

    /**
     * @param projectDir the project, inside a Git repository holding the tag
     * @param copiesDir  where working copies of triggered tags live (under the state directory)
     * @throws TriggerRefusedException naming what is wrong with the tag, its commit or the copy
     */
    public static TagCheckout prepare(Path projectDir, String tag, Path copiesDir) {
        Matcher m = TAG.matcher(tag);
        if (!m.matches()) {
            throw new TriggerRefusedException("tag '" + tag + "' names no pipeline: a trigger tag is"
                    + " train/<pipeline>/<label>, e.g. train/telco-churn/2026-11-22");
        }
        String pipeline = m.group(1);
        String label = m.group(2);
        var builder = new FileRepositoryBuilder().readEnvironment().findGitDir(projectDir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            throw new TriggerRefusedException(projectDir + " is not in a Git repository; a tag trigger needs one");
        }
        try (Repository repo = builder.build()) {
            Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
            Path sub = top.relativize(projectDir.toAbsolutePath().normalize());
            RevCommit commit = commitOf(repo, tag);
            String file = pipelineFileAt(repo, commit, sub, pipeline, tag);
            Path copy = copiesDir.resolve(tag.replace('/', '_'));
            checkout(repo, commit, copy);
            return new TagCheckout(tag, pipeline, label, commit.name(), copy.resolve(sub.toString()).normalize(), file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Git repository at " + projectDir + ": " + e.getMessage(), e);
        }
    }

    private static RevCommit commitOf(Repository repo, String tag) throws IOException {
        Ref ref = repo.exactRef(Constants.R_TAGS + tag);
        if (ref == null) {
            throw new TriggerRefusedException("no tag '" + tag + "' in " + repo.getDirectory()
                    + " (fetch tags first: git fetch --tags)");
        }
        ObjectId target = repo.getRefDatabase().peel(ref).getPeeledObjectId();
        if (target == null) target = ref.getObjectId();
        if (!repo.getObjectDatabase().has(target)) {
            throw new TriggerRefusedException("tag '" + tag + "' points to " + target.name()
                    + ", which is missing from " + repo.getDirectory() + " (a shallow or partial clone?)");
        }
        try (RevWalk walk = new RevWalk(repo)) {
            var object = walk.parseAny(target);
            if (!(object instanceof RevCommit commit)) {
                throw new TriggerRefusedException("tag '" + tag + "' points to a " + Constants.typeString(object.getType())
                        + " (" + target.name() + "), not a commit");
            }
            return commit;
        }
    }

    private static String pipelineFileAt(Repository repo, RevCommit commit, Path sub, String pipeline, String tag)
            throws IOException {
        String prefix = sub.toString().isEmpty() ? "" : sub.toString().replace('\\', '/') + "/";
        for (String ext : List.of(".yaml", ".yml")) {
            String path = prefix + "pipelines/" + pipeline + ext;
            try (TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
                if (walk != null) return "pipelines/" + pipeline + ext;
            }
        }
        List<String> there = new ArrayList<>();
        try (TreeWalk walk = TreeWalk.forPath(repo, prefix + "pipelines", commit.getTree())) {
            if (walk != null && walk.isSubtree()) {
                walk.enterSubtree();
                while (walk.next()) {
                    String n = walk.getNameString();
                    if (n.endsWith(".yaml") || n.endsWith(".yml")) there.add("pipelines/" + n);
                }
            }
        }
        throw new TriggerRefusedException("tag '" + tag + "' names pipeline '" + pipeline + "', but pipelines/"
                + pipeline + ".yaml does not exist at commit " + commit.name().substring(0, 10)
                + (there.isEmpty() ? " (no pipelines there)" : " (pipelines there: " + String.join(", ", there) + ")"));
    }

    private static void checkout(Repository repo, RevCommit commit, Path copy) {
        try {
            if (Files.exists(copy.resolve(".git"))) {
                GitState state = GitState.of(copy);
                if (!state.commit().equals(commit.name())) {
                    throw new TriggerRefusedException("dirty: the working copy " + copy + " is at commit "
                            + state.commit() + ", not " + commit.name() + " (was the tag moved?); delete it to"
                            + " trigger afresh");
                }
                if (state.dirty()) {
                    throw new TriggerRefusedException("dirty: the working copy " + copy + " has changes to tracked"
                            + " files; Pitstop will not run or discard them (delete it to trigger afresh)");
                }
                return;
            }
            Files.createDirectories(copy.getParent());
            io.pitstop.engine.lineage.WorkingCopy.clone(repo, commit.name(), copy);
            if (GitState.of(copy).dirty()) {
                throw new TriggerRefusedException("dirty: the checkout of " + commit.name() + " in " + copy
                        + " differs from the commit (Git filters or line-ending rules rewrite files)");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot check out " + commit.name() + " into " + copy + ": "
                    + e.getMessage(), e);
        }
    }
}
