package io.pitstop.engine.lineage;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The Git tag of a released model, {@code model/<name>/v<semver>}, an annotated tag pointing at the
 * commit the model was built from (the package's {@code git.commit} lineage), so
 * {@code git show model/churn/v1.4.0} answers "which code made this model?".
 *
 * <p>Tagging again with the same commit is a no-op (a retried release); a tag that exists on another
 * commit is refused, never moved: a released version names one build forever.
 */
public final class ReleaseTag {

    /** What happened: the tag's name and whether it was created now, or why no tag was made. */
    public record Outcome(String name, boolean created, String skipped) {
    }

    private ReleaseTag() {
    }

    public static String name(String model, String version) {
        return "model/" + model + "/v" + version;
    }

    /**
     * The message of every annotated release tag ({@code model/...}) in the repository holding
     * {@code projectDir}, by tag name; empty outside a Git repository. Lightweight tags have no message.
     */
    public static java.util.SortedMap<String, String> messages(Path projectDir) {
        var out = new java.util.TreeMap<String, String>();
        var builder = new FileRepositoryBuilder().readEnvironment().findGitDir(projectDir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) return out;
        try (var repo = builder.build(); var walk = new RevWalk(repo)) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix("refs/tags/model/")) {
                RevObject o = walk.parseAny(ref.getObjectId());
                if (o instanceof org.eclipse.jgit.revwalk.RevTag t) out.put(ref.getName().substring("refs/tags/".length()), t.getFullMessage());
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the release tags in " + builder.getGitDir() + ": " + e.getMessage(), e);
        }
    }

    public static Outcome tag(Path projectDir, String model, String version, String commit, String message, String actor) {
        String name = name(model, version);
        var builder = new FileRepositoryBuilder().readEnvironment().findGitDir(projectDir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) return new Outcome(name, false, projectDir + " is not in a Git repository");
        if (commit == null || !ObjectId.isId(commit)) return new Outcome(name, false, "the package records no Git commit");
        try (var repo = builder.build(); var git = new Git(repo); var walk = new RevWalk(repo)) {
            RevObject target;
            try {
                target = walk.parseCommit(ObjectId.fromString(commit));
            } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                return new Outcome(name, false, "commit " + commit + " is not in " + builder.getGitDir());
            }
            Optional<Ref> existing = Optional.ofNullable(repo.exactRef("refs/tags/" + name));
            if (existing.isPresent()) {
                Ref peeled = repo.getRefDatabase().peel(existing.get());
                ObjectId at = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
                if (at.equals(target)) return new Outcome(name, false, null);
                throw new IllegalStateException("tag " + name + " already points at " + at.name() + ", not at " + commit
                        + "; a released version's tag is never moved");
            }
            git.tag().setName(name).setObjectId(target).setAnnotated(true).setMessage(message)
                    .setTagger(new PersonIdent(actor, actor + "@pitstop")).call();
            return new Outcome(name, true, null);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot tag " + name + " in " + builder.getGitDir() + ": " + e.getMessage(), e);
        }
    }
}
