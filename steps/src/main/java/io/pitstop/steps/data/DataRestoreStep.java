package io.pitstop.steps.data;

import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.step.DataVersionRestoring;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.ValidationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code data.restore}: brings a dataset back to the version recorded at a Git commit, the DVC way
 * ({@code git checkout <commit> -- <path>.dvc}, then {@code dvc pull} or {@code dvc checkout}), without
 * switching the user's branch: the old .dvc file is read from the commit with JGit and written over
 * the work tree's. The restored bytes are checked against the md5 that .dvc file records; on any
 * failure the work tree's .dvc file is put back as it was. Outputs {@code dataset} and
 * {@code data_version}, like {@code data.version}, so later steps cannot tell the two apart.
 *
 * <p>Afterwards {@code <path>.dvc} differs from HEAD (it is the restored commit's); {@code git checkout
 * HEAD -- <path>.dvc && dvc checkout <path>.dvc} returns to the current version.
 */
public final class DataRestoreStep implements Step<DataRestoreParams>, DataVersionRestoring {

    @Override
    public Map<String, Object> restoring(DataVersion version) {
        var with = new java.util.LinkedHashMap<String, Object>();
        with.put("path", version.path());
        with.put("md5", version.md5());
        with.put("size", version.size());
        if (version.remote() != null) with.put("remote", version.remote());
        return with;
    }

    @Override
    public String kind() {
        return "data.restore";
    }

    @Override
    public String description() {
        return "Restore a DVC-tracked dataset to the version its .dvc file records at a Git commit (dvc pull/checkout),"
                + " checking the md5.";
    }

    @Override
    public Class<DataRestoreParams> paramsType() {
        return DataRestoreParams.class;
    }

    @Override
    public Set<String> produces(DataRestoreParams params) {
        return Set.of(DataVersionStep.DATASET, DataVersionStep.DATA_VERSION);
    }

    @Override
    public List<Problem> validate(DataRestoreParams params, ValidationContext ctx) {
        var remoteRefused = ctx.pathProblem("/remote", params.remote());
        if (remoteRefused.isPresent()) return List.of(remoteRefused.get());
        if (params.commit() == null) return List.of();
        try (GitWorkTree git = GitWorkTree.open(ctx.projectDir())) {
            String commitId = git.resolveCommit(params.commit());
            String dvcFile = git.gitPath(ctx.resolve(params.path() + ".dvc"));
            if (git.fileAt(commitId, dvcFile).isEmpty()) {
                return List.of(ctx.problemAt("/commit", noDvcFileAt(params, commitId)));
            }
            return List.of();
        } catch (GitWorkTree.GitWorkTreeException e) {
            return List.of(ctx.problemAt("/commit", e.getMessage()));
        }
    }

    @Override
    public Map<String, String> externalInputs(DataRestoreParams params, StepContext ctx) throws IOException {
        Map<String, String> inputs = new TreeMap<>();
        if (params.md5() != null) {
            inputs.put("md5", params.md5());
        } else {
            // A branch or tag can move; the commit it names now is what decides the bytes.
            try (GitWorkTree git = GitWorkTree.open(ctx.projectDir())) {
                inputs.put("commit", git.resolveCommit(params.commit()));
            }
        }
        // The workspace can change after a restore; then the restore must run again, not be skipped as cached.
        Path content = ctx.resolve(params.path());
        inputs.put("content_sha256", Files.isRegularFile(content) ? Sha256.of(content) : "missing");
        return inputs;
    }

    @Override
    public StepResult run(DataRestoreParams params, StepContext ctx) throws IOException {
        Dvc dvc = Dvc.forProject(ctx.projectDir(), ctx.profile());
        if (!dvc.isRepository()) dvc.status(); // dvc's own "not a DVC repository" error, with the fix
        Path target = ctx.resolve(params.path());
        Path dvcPath = ctx.resolve(params.path() + ".dvc");
        String commitId = null;
        byte[] recorded;
        if (params.md5() != null) {
            recorded = dvcFileFor(target, params.md5(), params.size());
        } else {
            try (GitWorkTree git = GitWorkTree.open(ctx.projectDir())) {
                commitId = git.resolveCommit(params.commit());
                Optional<byte[]> atCommit = git.fileAt(commitId, git.gitPath(dvcPath));
                if (atCommit.isEmpty()) return StepResult.failed(noDvcFileAt(params, commitId)).build();
                recorded = atCommit.get();
            }
        }
        String recordedBy = commitId == null ? "the lineage" : "its .dvc at " + DataVersionStep.abbreviate(commitId);
        DvcFile wanted = DvcFile.parse(dvcPath, recorded);
        String remote = DataVersionStep.remoteUrl(params.remote(), ctx);

        DvcFileBackup before = DvcFileBackup.of(dvcPath);
        DataVersionStep.writeAtomically(dvcPath, recorded);
        try {
            if (remote != null) {
                dvc.remoteAddLocal(DataVersionStep.REMOTE_NAME, remote);
                ctx.progress().status("dvc pull " + params.path() + " md5 " + wanted.md5());
                dvc.pull(dvcPath, DataVersionStep.REMOTE_NAME);
            } else {
                ctx.progress().status("dvc checkout " + params.path() + " md5 " + wanted.md5());
                dvc.checkout(dvcPath);
            }
        } catch (DvcException e) {
            before.restore();
            return StepResult.failed("could not restore " + params.path() + " to md5 " + wanted.md5() + " (" + recordedBy
                    + "); " + params.path() + ".dvc was put back as it was" + putBack(dvc, dvcPath, target) + ".\n"
                    + e.getMessage()).build();
        }
        String actual = Files.isRegularFile(target) ? DvcFile.md5Of(target) : "missing";
        if (!actual.equals(wanted.md5())) {
            before.restore();
            return StepResult.failed("restored " + params.path() + " has md5 " + actual + ", but " + recordedBy
                    + " records " + wanted.md5() + "; the DVC cache or remote holds different bytes under that md5"
                    + " (run `dvc fetch` and `dvc checkout --relink`); " + params.path() + ".dvc was put back as it was"
                    + putBack(dvc, dvcPath, target)).build();
        }

        DataVersion version = new DataVersion(params.path(), wanted.md5(), wanted.size(), commitId, false, remote,
                params.path() + ".dvc");
        Path json = ctx.outputDir().resolve(DataVersion.FILE_NAME);
        version.write(json);
        String message = "restored " + params.path() + " to md5 " + wanted.md5() + " (" + wanted.size() + " bytes)"
                + " as recorded " + (commitId == null ? "by the lineage" : "at commit " + DataVersionStep.abbreviate(commitId))
                + (remote == null ? " from the local DVC cache"
                : ", pulled from " + remote) + "; " + params.path() + ".dvc now names that version (git checkout HEAD -- "
                + params.path() + ".dvc && dvc checkout " + params.path() + ".dvc goes back)";
        ctx.log().info(message);
        return StepResult.succeeded()
                .message(message)
                .output(DataVersionStep.DATASET, target)
                .output(DataVersionStep.DATA_VERSION, json)
                .build();
    }

    /**
     * After a failed restore, brings the work tree's file back to the version its (restored) .dvc file
     * names, when dvc had already removed or replaced it; says what happened, for the failure message.
     */
    private static String putBack(Dvc dvc, Path dvcPath, Path target) {
        try {
            if (!Files.exists(dvcPath)) return "";
            DvcFile current = DvcFile.read(dvcPath);
            if (Files.isRegularFile(target) && DvcFile.md5Of(target).equals(current.md5())) return "";
            dvc.checkout(dvcPath);
            return " and " + target.getFileName() + " checked out at its md5 " + current.md5();
        } catch (IOException | DvcException e) {
            return ", but " + target.getFileName() + " could not be checked out again: " + e.getMessage();
        }
    }

    /** The .dvc file dvc itself would write for one file with this md5 and size. */
    static byte[] dvcFileFor(Path target, String md5, long size) {
        return ("outs:\n- md5: " + md5 + "\n  size: " + size + "\n  hash: md5\n  path: " + target.getFileName() + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String noDvcFileAt(DataRestoreParams params, String commitId) {
        return "commit " + DataVersionStep.abbreviate(commitId) + " has no " + params.path() + ".dvc, so it records no"
                + " version of " + params.path() + " (version it with data.version and commit: true; `./pitstop data"
                + " versions " + params.path() + "` lists the recorded ones)";
    }
}
