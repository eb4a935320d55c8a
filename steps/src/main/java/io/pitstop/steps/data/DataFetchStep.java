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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code data.fetch}: makes sure the workspace holds the dataset version its committed .dvc file
 * records. It asks {@code dvc status} first; when the data is missing or differs it runs
 * {@code dvc pull} (or, with {@code pull: false}, fails with dvc's word for the difference: a check
 * for pipelines that must not download anything). The bytes are then checked against the .dvc
 * file's md5. Outputs {@code dataset} and {@code data_version}, like {@code data.version}.
 *
 * <p>Nothing is half-written: the .dvc file is only read; dvc pull fetches into its cache before it
 * touches the workspace and refuses to overwrite a file it has no copy of; data-version.json is
 * written last, only on success. A pull that fails leaves the workspace as it was.
 */
public final class DataFetchStep implements Step<DataFetchParams> {

    @Override
    public String kind() {
        return "data.fetch";
    }

    @Override
    public String description() {
        return "Check (dvc status) that a DVC-tracked dataset is the version its .dvc file records, and fetch it"
                + " (dvc pull) when it is not; the md5 is checked.";
    }

    @Override
    public Class<DataFetchParams> paramsType() {
        return DataFetchParams.class;
    }

    @Override
    public Set<String> produces(DataFetchParams params) {
        return Set.of(DataVersionStep.DATASET, DataVersionStep.DATA_VERSION);
    }

    @Override
    public List<Problem> validate(DataFetchParams params, ValidationContext ctx) {
        var remoteRefused = ctx.pathProblem("/remote", params.remote());
        if (remoteRefused.isPresent()) return List.of(remoteRefused.get());
        if (Files.isRegularFile(ctx.resolve(params.path() + ".dvc"))) return List.of();
        return List.of(ctx.problemAt("/path", params.path() + ".dvc does not exist, so no version of " + params.path()
                + " is recorded to fetch (version it first with data.version, or check out the commit that has it)"));
    }

    @Override
    public Map<String, String> externalInputs(DataFetchParams params, StepContext ctx) throws IOException {
        Map<String, String> inputs = new TreeMap<>();
        Path dvcFile = ctx.resolve(params.path() + ".dvc");
        inputs.put("dvc_file_sha256", Files.isRegularFile(dvcFile) ? Sha256.of(dvcFile) : "missing");
        // A workspace changed or deleted after a fetch must make the step run (and fetch) again.
        Path content = ctx.resolve(params.path());
        inputs.put("content_sha256", Files.isRegularFile(content) ? Sha256.of(content) : "missing");
        return inputs;
    }

    @Override
    public StepResult run(DataFetchParams params, StepContext ctx) throws IOException {
        Dvc dvc = Dvc.forProject(ctx.projectDir(), ctx.profile());
        Path target = ctx.resolve(params.path());
        Path dvcPath = ctx.resolve(params.path() + ".dvc");
        String remote = DataVersionStep.remoteUrl(params.remote(), ctx);
        try {
            if (!dvc.isRepository()) dvc.status(); // dvc's own "not a DVC repository" error, with the fix
            DvcFile wanted = DvcFile.read(dvcPath);
            ctx.progress().status("dvc status " + params.path() + ".dvc");
            Map<String, String> changed = dvc.changedOuts(dvcPath);
            String how;
            if (changed.isEmpty()) {
                how = "already in the workspace (dvc status: up to date)";
            } else if (!params.pull()) {
                return StepResult.failed(params.path() + " is not the version " + params.path() + ".dvc records (md5 "
                        + wanted.md5() + "): dvc status says " + changed + "; run with pull: true or `dvc pull "
                        + params.path() + ".dvc` to fetch it").build();
            } else if (remote != null) {
                dvc.remoteAddLocal(DataVersionStep.REMOTE_NAME, remote);
                ctx.progress().status("dvc pull " + params.path() + " from " + remote);
                dvc.pull(dvcPath, DataVersionStep.REMOTE_NAME);
                how = "pulled from " + remote + " (dvc status had said " + changed + ")";
            } else {
                ctx.progress().status("dvc checkout " + params.path() + " from the local DVC cache");
                dvc.checkout(dvcPath);
                how = "checked out of the local DVC cache (dvc status had said " + changed + ")";
            }
            String actual = Files.isRegularFile(target) ? DvcFile.md5Of(target) : "missing";
            if (!actual.equals(wanted.md5())) {
                return StepResult.failed(params.path() + " has md5 " + actual + " after the fetch, but " + params.path()
                        + ".dvc records " + wanted.md5() + "; the DVC cache or remote holds different bytes under"
                        + " that md5 (run `dvc fetch` and `dvc checkout --relink`)").build();
            }
            DataVersion version = dvc.version(dvcPath, remote);
            Path json = ctx.outputDir().resolve(DataVersion.FILE_NAME);
            version.write(json);
            String message = params.path() + " is md5 " + wanted.md5() + " (" + wanted.size() + " bytes), " + how;
            ctx.log().info(message);
            return StepResult.succeeded()
                    .message(message)
                    .output(DataVersionStep.DATASET, target)
                    .output(DataVersionStep.DATA_VERSION, json)
                    .build();
        } catch (DvcException e) {
            return StepResult.failed("could not " + (params.pull() ? "fetch " : "check ") + params.path() + " as "
                    + params.path() + ".dvc records it; the workspace was left as it was.\n" + e.getMessage()).build();
        }
    }
}
