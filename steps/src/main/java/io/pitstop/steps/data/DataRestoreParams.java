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
 * <p>Instead of {@code commit}, {@code md5} (with {@code size}) names the version by its content hash,
 * as a run's lineage records it; {@code ./pitstop reproduce} restores data that way, because the
 * version a model trained on need not have been committed.
 *
 * @param path   the tracked dataset, relative to the project (inside the DVC repository)
 * @param commit the Git revision at which {@code <path>.dvc} records the wanted version
 * @param md5    dvc's md5 of the wanted version, instead of {@code commit}
 * @param size   its size in bytes, with {@code md5}
 * @param remote the DVC remote to pull from (a directory, project-relative, or any dvc remote URL);
 *               null for the profile's {@code dvc.remote}, and without either the version must be
 *               in the local DVC cache
 */
public record DataRestoreParams(String path, String commit, String md5, Long size, String remote) {

    private static final java.util.regex.Pattern MD5 = java.util.regex.Pattern.compile("[0-9a-f]{32}");

    public DataRestoreParams {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("path: the tracked dataset's path is required");
        io.pitstop.engine.conf.ProjectPaths.notInsideRelative(path).ifPresent(why -> {
            throw new io.pitstop.engine.step.InvalidParameterException("path", "path: " + why);
        });
        if (commit != null && commit.isBlank()) commit = null;
        if (md5 != null && md5.isBlank()) md5 = null;
        if ((commit == null) == (md5 == null)) {
            throw new IllegalArgumentException("give exactly one of commit (the Git commit, tag or branch whose " + path
                    + ".dvc names the version) and md5 (the version's content hash)");
        }
        if (md5 != null && !MD5.matcher(md5).matches()) {
            throw new IllegalArgumentException("md5: expected 32 lowercase hex digits, got '" + md5 + "'");
        }
        if (md5 != null && (size == null || size < 0)) {
            throw new IllegalArgumentException("size: the byte size of the version with md5 " + md5 + " is required with md5");
        }
        if (md5 == null && size != null) throw new IllegalArgumentException("size: only with md5");
        if (remote != null && remote.isBlank()) remote = null;
    }
}
