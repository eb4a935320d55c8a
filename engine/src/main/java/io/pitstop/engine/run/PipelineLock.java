package io.pitstop.engine.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One run of a pipeline at a time per state directory. Two runs of the same pipeline would wipe
 * and write the same fingerprint-keyed artifact directories and could both promote; the second
 * one fails at once, naming the run that holds the lock. The operating system releases the lock
 * when the process dies, so a killed run never leaves the pipeline locked.
 */
public final class PipelineLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private PipelineLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param holder written into the lock file, so whoever is refused is told who holds it (a run id, or
     *               what else holds it, e.g. an erasure)
     * @throws RunInProgressException when another process or this one holds it
     */
    public static PipelineLock acquire(Path stateDir, String pipeline, String holder) {
        Path file = stateDir.resolve("locks").resolve(pipeline + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException heldInThisJvm) {
                lock = null;
            }
            if (lock == null) {
                String current = Files.readString(file, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new RunInProgressException("pipeline '" + pipeline + "' is already running"
                        + (current.isEmpty() ? "" : current.contains(" ") ? " (" + current + ")" : " (run " + current + ")") + " in this state directory; wait for it"
                        + " to end (lock: " + file + ")");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            return new PipelineLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Another process is running the same pipeline against the same state. */
    public static final class RunInProgressException extends RuntimeException {
        RunInProgressException(String message) {
            super(message);
        }
    }
}
