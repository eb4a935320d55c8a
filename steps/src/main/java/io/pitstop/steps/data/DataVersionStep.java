package io.pitstop.steps.data;

import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.ValidationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code data.version}: records the dataset with DVC ({@code dvc add}, {@code dvc push}) so a run's
 * lineage names the exact bytes it trained on. Outputs {@code dataset} (absolute path of the tracked
 * file) and {@code data_version} (a data-version.json with path, md5, size, .dvc file, Git commit and
 * remote). The content's SHA-256 is the cache key, so an unchanged file is not re-added; a cached
 * result is reused only while the tracked file still has the md5 it recorded.
 */
public final class DataVersionStep implements Step<DataVersionParams> {

    /** The remote name Pitstop configures in .dvc/config (as declared) and .dvc/config.local (resolved). */
    public static final String REMOTE_NAME = "pitstop";
    public static final String DATASET = "dataset";
    public static final String DATA_VERSION = DataVersion.ARTIFACT.name();

    @Override
    public String kind() {
        return "data.version";
    }

    @Override
    public String description() {
        return "Version a dataset with DVC (dvc add, dvc push) and record its md5 and Git commit for lineage.";
    }

    @Override
    public Class<DataVersionParams> paramsType() {
        return DataVersionParams.class;
    }

    @Override
    public Set<String> produces(DataVersionParams params) {
        return Set.of(DATASET, DATA_VERSION);
    }

    @Override
    public List<Problem> validate(DataVersionParams params, ValidationContext ctx) {
        List<Problem> problems = new ArrayList<>();
        ctx.pathProblem("/remote", params.remote()).ifPresent(problems::add);
        var sourceRefused = ctx.pathProblem("/source", params.source());
        if (sourceRefused.isPresent()) {
            problems.add(sourceRefused.get());
        } else if (params.source() != null) {
            if (!Files.isRegularFile(ctx.resolve(params.source()))) {
                problems.add(ctx.problemAt("/source", "source file " + params.source() + " does not exist (resolved to "
                        + ctx.resolve(params.source()) + ")"));
            }
        } else if (!Files.isRegularFile(ctx.resolve(params.path()))) {
            String hint = Files.isRegularFile(ctx.resolve(params.path() + ".dvc"))
                    ? "; its .dvc file exists: run `dvc pull " + params.path() + ".dvc` to fetch it"
                    : "; give a source: to copy it from";
            problems.add(ctx.problemAt("/path", "dataset " + params.path() + " does not exist" + hint));
        }
        return problems;
    }

    @Override
    public Map<String, String> externalInputs(DataVersionParams params, StepContext ctx) throws IOException {
        Map<String, String> inputs = new TreeMap<>();
        Path content = ctx.resolve(params.source() != null ? params.source() : params.path());
        inputs.put("content_sha256", Files.isRegularFile(content) ? Sha256.of(content) : "missing");
        // A different remote must re-run the step, or the new remote never receives the data.
        String remote = remoteUrl(params.remote(), ctx);
        if (params.push() && remote != null) inputs.put("remote", remote);
        return inputs;
    }

    /**
     * A cached result holds only while the tracked file still has the md5 that run recorded. With a
     * {@code source}, the cache key is the source's content, so without this a tracked file changed
     * since (an edit, a data.restore of another version) would be reused as if it held the source.
     */
    @Override
    public boolean cachedOutputsHold(DataVersionParams params, Map<String, String> outputs, StepContext ctx)
            throws IOException {
        String json = outputs.get(DATA_VERSION);
        Path target = ctx.resolve(params.path());
        if (json == null || !Files.isRegularFile(Path.of(json)) || !Files.isRegularFile(target)) return false;
        return DataVersion.read(Path.of(json)).md5().equals(DvcFile.md5Of(target));
    }

    @Override
    public StepResult run(DataVersionParams params, StepContext ctx) throws IOException {
        Dvc dvc = Dvc.forProject(ctx.projectDir(), ctx.profile());
        if (!dvc.isRepository()) {
            // Ask dvc itself, so the error is dvc's own and carries the `dvc init` hint.
            dvc.status();
        }
        Path target = ctx.resolve(params.path());
        Path dvcPath = ctx.resolve(params.path() + ".dvc");
        String remote = remoteUrl(params.remote(), ctx);
        if (params.push() && remote == null) {
            return StepResult.failed("no DVC remote to push " + params.path() + " to: set dvc.remote in the profile"
                    + " (conf/" + ctx.profile().name() + ".yaml) or remote: in the step, or push: false").build();
        }
        try (GitWorkTree git = params.commit() ? GitWorkTree.open(ctx.projectDir()) : null) {
            if (git != null) {
                // Checked before anything changes, so a refusal leaves the project exactly as it was.
                var ours = List.of(git.gitPath(dvcPath), git.gitPath(gitignoreOf(target)), git.gitPath(dvcConfigOf(ctx)));
                var others = git.stagedChanges().stream().filter(f -> !ours.contains(f)).toList();
                if (!others.isEmpty()) {
                    return StepResult.failed("not committing the data version of " + params.path() + ": other changes are"
                            + " staged in Git " + others + " and would go into the same commit; commit or unstage them"
                            + " (git restore --staged <file>) first, or set commit: false").build();
                }
            }
            if (params.source() != null) {
                copyAtomically(ctx.resolve(params.source()), target);
            }
            if (remote != null) {
                // The declared remote goes into the committed config, so `git clone` + `dvc pull` finds the data;
                // the resolved one into config.local, which wins here: a tag trigger's checkout pushes to the
                // project's remote, not to a directory inside the checkout.
                dvc.remoteAddProject(REMOTE_NAME, declaredRemote(params.remote(), ctx));
                dvc.remoteAddLocal(REMOTE_NAME, remote);
            }

            DvcFileBackup before = DvcFileBackup.of(dvcPath);
            String change = before.existed() ? describeChange(dvc.changedOuts(dvcPath)) : "first version";
            ctx.progress().status("dvc add " + params.path());
            DvcFile added = dvc.add(Path.of(params.path()));
            if (params.push()) {
                ctx.progress().status("dvc push " + params.path() + " to " + remote);
                try {
                    dvc.push(added.file(), REMOTE_NAME);
                } catch (DvcException e) {
                    // The new .dvc would name content the remote lacks; whoever commits it could not pull it.
                    before.restore();
                    return StepResult.failed("dvc push of " + params.path() + " (md5 " + added.md5() + ") to " + remote
                            + " failed, so this version was not recorded: " + params.path() + ".dvc was "
                            + (before.existed() ? "put back as it was" : "removed again") + " and nothing was committed.\n"
                            + e.getMessage()).build();
                }
            }
            String committed = null;
            if (git != null) {
                var paths = new ArrayList<String>();
                paths.add(git.gitPath(dvcPath));
                if (Files.isRegularFile(gitignoreOf(target))) paths.add(git.gitPath(gitignoreOf(target)));
                if (remote != null) paths.add(git.gitPath(dvcConfigOf(ctx)));
                committed = git.commit(paths, "Data version of " + params.path() + ": md5 " + added.md5()
                        + "\n\nRecorded by Pitstop run " + ctx.runId() + ", step " + ctx.stepId() + " (data.version)"
                        + (params.push() ? "; pushed to " + remote : "") + ".\n").orElse("");
            }
            DataVersion version = dvc.version(added.file(), params.push() ? remote : null);
            Path json = ctx.outputDir().resolve(DataVersion.FILE_NAME);
            version.write(json);

            String message = params.path() + " is md5 " + version.md5() + " (" + version.size() + " bytes, " + change + ")"
                    + (params.push() ? ", pushed to " + remote : ", not pushed")
                    + whereInGit(version, committed, dvcPath, ctx);
            ctx.log().info(message);
            return StepResult.succeeded()
                    .message(message)
                    .output(DATASET, target)
                    .output(DATA_VERSION, json)
                    .build();
        }
    }

    /** What {@code dvc status} said about the workspace against the previous .dvc file, before the add. */
    private static String describeChange(Map<String, String> changedOuts) {
        if (changedOuts.isEmpty()) return "unchanged since its .dvc file";
        return "changed since its .dvc file (" + String.join(", ", new TreeSet<>(changedOuts.values())) + ")";
    }

    /**
     * Where the version can be found in Git, and what to do when it cannot.
     *
     * @param committed the commit this step made, "" when the .dvc already matched HEAD, null when not asked to commit
     */
    private static String whereInGit(DataVersion version, String committed, Path dvcPath, StepContext ctx) {
        if (committed != null) {
            return committed.isEmpty()
                    ? "; " + version.dvcFile() + " was already committed as is, at " + abbreviate(version.gitCommit())
                    : "; committed " + version.dvcFile() + " as " + abbreviate(committed);
        }
        if (version.gitCommit() == null) return "; not in a Git commit";
        String at = ", at commit " + abbreviate(version.gitCommit());
        try (GitWorkTree tree = GitWorkTree.open(ctx.projectDir())) {
            if (tree.matchesHead(tree.gitPath(dvcPath))) return at + "; " + version.dvcFile() + " matches that commit";
        }
        return at + "; " + version.dvcFile() + " differs from that commit: commit it (or set commit: true) to keep"
                + " this version reachable from Git";
    }

    static String abbreviate(String commit) {
        return commit == null ? "-" : commit.substring(0, Math.min(12, commit.length()));
    }

    /** The .gitignore dvc add writes the tracked file's name into: the one beside the file. */
    static Path gitignoreOf(Path tracked) {
        return tracked.toAbsolutePath().getParent().resolve(".gitignore");
    }

    /**
     * The remote URL: the step's, else the profile's. A plain path is resolved against the project the
     * profile belongs to, not the working copy running the code: a tag trigger's checkout pushes to the
     * project's remote, where every later run and reproduction looks.
     */
    static String remoteUrl(String stepRemote, StepContext ctx) {
        String remote = stepRemote != null ? stepRemote : ctx.profile().find("dvc.remote").orElse(null);
        if (remote == null) return null;
        if (remote.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) return remote;
        return ctx.profile().projectDir().resolve(remote).toAbsolutePath().normalize().toString();
    }

    /** The remote as the step or the profile declares it, for the committed .dvc/config; null when none is. */
    static String declaredRemote(String stepRemote, StepContext ctx) {
        return stepRemote != null ? stepRemote : ctx.profile().find("dvc.remote").orElse(null);
    }

    /** The project's committed DVC config. */
    static Path dvcConfigOf(StepContext ctx) {
        return ctx.projectDir().resolve(".dvc").resolve("config");
    }

    /** Copies next to the target, then renames: readers see the old file or the new one, never half. */
    static void copyAtomically(Path source, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes next to the target, then renames, like {@link #copyAtomically}. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
