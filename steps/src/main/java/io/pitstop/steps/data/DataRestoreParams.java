package io.pitstop.steps.data;

/**
 * Parameters of {@code data.restore}.
 *
 * <pre>
 * - id: restore-data
 *   uses: data.restore
 *   with:
 *     path: data/telco_churn.csv   # the DVC-tracked file (project-relative)
 *     commit: 3f2a9c1              # a Git commit id, tag or branch whose .dvc file names the version
 *     remote: /mnt/shared/dvc      # optional: overrides the profile's dvc.remote
 * </pre>
 *
 * @param path   the tracked dataset, relative to the project (inside the DVC repository)
 * @param commit the Git revision at which {@code <path>.dvc} records the wanted version
 * @param remote the DVC remote to pull from (a directory, project-relative, or any dvc remote URL);
 *               null for the profile's {@code dvc.remote}, and without either the version must be
 *               in the local DVC cache
 */
public record DataRestoreParams(String path, String commit, String remote) {

    public DataRestoreParams {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("path: the tracked dataset's path is required");
        if (path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("path: must be relative to the project and stay inside it, got '" + path + "'");
        }
        if (commit == null || commit.isBlank()) {
            throw new IllegalArgumentException("commit: the Git commit (id, tag or branch) whose " + path
                    + ".dvc names the version to restore is required");
        }
        if (remote != null && remote.isBlank()) remote = null;
    }
}
