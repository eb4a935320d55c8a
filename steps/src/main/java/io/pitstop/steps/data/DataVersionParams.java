package io.pitstop.steps.data;

/**
 * Parameters of {@code data.version}.
 *
 * <pre>
 * - id: version-data
 *   uses: data.version
 *   with:
 *     source: data/landing/telco_churn.csv   # optional: copied over path first
 *     path: data/telco_churn.csv             # the DVC-tracked file (project-relative)
 *     remote: /mnt/shared/dvc                # optional: overrides the profile's dvc.remote
 *     push: true                             # default
 *     commit: true                           # commit the .dvc file to Git; default false
 * </pre>
 *
 * @param source a file (project-relative, or absolute under the profile's paths.allowed_roots) whose content becomes the new version of
 *               {@code path}; null to version {@code path} as it is
 * @param path   the tracked dataset, relative to the project (inside the DVC repository)
 * @param remote the DVC remote (a directory, project-relative, or any dvc remote URL); null for the
 *               profile's {@code dvc.remote}
 * @param push   whether to push the version to the remote; default true
 * @param commit whether to commit the .dvc file (and the .gitignore dvc keeps beside it) to the
 *               project's Git repository, so the version is reachable from a commit; default false,
 *               since committing is a decision about the user's history. Refused when other changes
 *               are staged, so unrelated work is never swept into the data commit.
 */
public record DataVersionParams(String source, String path, String remote, Boolean push, Boolean commit) {

    public DataVersionParams {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("path: the tracked dataset's path is required");
        io.pitstop.engine.conf.ProjectPaths.notInsideRelative(path).ifPresent(why -> {
            throw new io.pitstop.engine.step.InvalidParameterException("path", "path: " + why);
        });
        if (source != null && source.isBlank()) source = null;
        if (remote != null && remote.isBlank()) remote = null;
        if (push == null) push = true;
        if (commit == null) commit = false;
    }
}
