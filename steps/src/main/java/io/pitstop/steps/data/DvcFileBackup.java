package io.pitstop.steps.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A .dvc file as it was before a dvc command that may rewrite it. When the command (or the push that
 * should follow it) fails, {@link #restore()} puts it back, so the .dvc file never names a version
 * that was not fully recorded: one the remote lacks, or one a failed checkout did not bring back.
 *
 * @param file    the .dvc file
 * @param content its bytes before, or null when it did not exist
 */
record DvcFileBackup(Path file, byte[] content) {

    static DvcFileBackup of(Path file) throws IOException {
        return new DvcFileBackup(file, Files.isRegularFile(file) ? Files.readAllBytes(file) : null);
    }

    boolean existed() {
        return content != null;
    }

    void restore() throws IOException {
        if (content == null) {
            Files.deleteIfExists(file);
        } else {
            DataVersionStep.writeAtomically(file, content);
        }
    }
}
