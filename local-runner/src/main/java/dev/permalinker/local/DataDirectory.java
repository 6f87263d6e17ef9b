package dev.permalinker.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where {@code serve} keeps its queues ({@code DATA_DIR}): created if missing, and held with a lock file for as long
 * as the process runs, so two processes never share one. Every problem is a {@link DataDirectoryException} whose
 * message says what to do; the runner exits with {@link #EXIT_CODE}.
 */
public final class DataDirectory implements AutoCloseable {
    public static final int EXIT_CODE = 3;
    static final String LOCK_FILE = ".lock";

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** A data directory that cannot be used. */
    public static final class DataDirectoryException extends RuntimeException {
        DataDirectoryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static DataDirectory open(Path path) {
        try {
            if (Files.exists(path) && !Files.isDirectory(path)) {
                throw new DataDirectoryException("DATA_DIR " + path + " exists and is not a directory", null);
            }
            Files.createDirectories(path);
            if (!Files.isWritable(path)) {
                throw new DataDirectoryException("DATA_DIR " + path + " is not writable", null);
            }
            FileChannel channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new DataDirectoryException("DATA_DIR " + path + " is in use by another permalinker-local "
                        + "process; stop it first, or give this one its own DATA_DIR", null);
            }
            return new DataDirectory(path, channel, lock);
        } catch (IOException e) {
            throw new DataDirectoryException("DATA_DIR " + path + " cannot be used: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The process is ending; the operating system drops the lock with it.
        }
    }
}
