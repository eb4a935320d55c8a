package io.pitstop.steps.score;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/**
 * Test-only: the local filesystem, except that deleting a data file stops the process at
 * {@link FaultPoint#ERASE_VACUUMING} once the file is gone, so a fault test can SIGKILL an erasure in
 * the middle of Delta's VACUUM (one unreferenced file deleted, the rest still on disk). Installed as
 * {@code fs.file.impl} for the VACUUM only when that point is armed ({@link DeltaErasure}); Hadoop makes
 * it by reflection, hence public.
 */
public final class PausingDeletes extends LocalFileSystem {

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        boolean deleted = super.delete(f, recursive);
        if (deleted && f.getName().endsWith(".parquet")) FaultPoint.ERASE_VACUUMING.reach();
        return deleted;
    }
}
