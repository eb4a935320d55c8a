package io.pitstop.steps.data;

import java.util.Objects;

/**
 * One version of a dataset as it goes into a run's lineage: dvc's md5 of the content plus the Git
 * commit at which the .dvc file can be found again. {@code git checkout <gitCommit> -- <dvcFile>}
 * followed by {@code dvc checkout <dvcFile>} (or {@code dvc pull}) brings the exact bytes back.
 *
 * @param path      the tracked file, relative to the project
 * @param md5       dvc's content hash
 * @param size      bytes
 * @param gitCommit HEAD of the project when the version was recorded; null outside Git or before the first commit
 * @param gitDirty  whether the work tree had uncommitted changes to tracked files (null without a commit)
 * @param remote    the DVC remote the content was pushed to, or null if it was not pushed
 * @param dvcFile   the .dvc file, relative to the project
 */
public record DataVersion(String path, String md5, long size, String gitCommit, Boolean gitDirty, String remote,
                          String dvcFile) {

    /** Version of the data-version.json layout written by the data.version step. */
    public static final int FORMAT = 1;

    public DataVersion {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(md5, "md5");
        Objects.requireNonNull(dvcFile, "dvcFile");
    }

    public DataVersion withRemote(String newRemote) {
        return new DataVersion(path, md5, size, gitCommit, gitDirty, newRemote, dvcFile);
    }
}
