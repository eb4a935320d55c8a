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
     * A tag under {@code model/} as found in the repository: its name, the commit it points at, and its
     * message (null for a lightweight tag, which Pitstop never makes).
     */
    public record Found(String name, String commit, String message) {
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("model/(.+)/v(\\d+\\.\\d+\\.\\d+\\S*)");

    /** The model and version a release tag's name stands for ({@code [model, version]}); empty for another name. */
    public static Optional<String[]> parse(String name) {
        var m = NAME.matcher(name);
        return m.matches() ? Optional.of(new String[]{m.group(1), m.group(2)}) : Optional.empty();
    }

    /**
     * Every tag under {@code model/} in the repository holding {@code projectDir}, annotated or not, by name;
     * empty outside a Git repository. Whether one is Pitstop's is for its reader to judge: anyone can make a tag.
     */
    public static java.util.List<Found> list(Path projectDir) {
        var out = new java.util.ArrayList<Found>();
        var builder = new FileRepositoryBuilder().readEnvironment().findGitDir(projectDir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) return out;
        try (var repo = builder.build(); var walk = new RevWalk(repo)) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix("refs/tags/model/")) {
                String name = ref.getName().substring("refs/tags/".length());
                RevObject o = walk.parseAny(ref.getObjectId());
                String message = o instanceof org.eclipse.jgit.revwalk.RevTag t ? t.getFullMessage() : null;
                out.add(new Found(name, walk.peel(o).name(), message));
            }
            out.sort(java.util.Comparator.comparing(Found::name));
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
