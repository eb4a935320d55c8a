package io.pitstop.steps.data;

/**
 * Parameters of {@code data.fetch}.
 *
 * <pre>
 * - id: fetch-data
 *   uses: data.fetch
 *   with:
 *     path: data/telco_churn.csv   # the DVC-tracked file (project-relative); its .dvc file must exist
 *     remote: /mnt/shared/dvc      # optional: overrides the profile's dvc.remote
 *     pull: true                   # default; false only checks (dvc status) and fails when the data differs
 * </pre>
 *
 * @param path   the tracked dataset, relative to the project (inside the DVC repository)
 * @param remote the DVC remote to pull from (a directory, project-relative, or any dvc remote URL);
 *               null for the profile's {@code dvc.remote}, and without either the version must be in
 *               the local DVC cache
 * @param pull   whether to fetch the recorded version when the workspace lacks it ({@code dvc pull});
 *               false makes the step a check: it fails, naming dvc's word for the difference, unless
 *               the workspace already holds exactly the version the .dvc file records
 */
public record DataFetchParams(String path, String remote, Boolean pull) {

    public DataFetchParams {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("path: the tracked dataset's path is required");
        io.pitstop.engine.conf.ProjectPaths.notInsideRelative(path).ifPresent(why -> {
            throw new io.pitstop.engine.step.InvalidParameterException("path", "path: " + why);
        });
        if (remote != null && remote.isBlank()) remote = null;
        if (pull == null) pull = true;
    }
}
