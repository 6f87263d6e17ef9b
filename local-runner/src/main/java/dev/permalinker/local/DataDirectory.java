package dev.permalinker.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where {@code serve} keeps its queues ({@code DATA_DIR}): created if missing, and held with a lock file for as long
 * as the process runs, so two processes never share one. Every problem is a {@link DataDirectoryException} whose
 * message says what to do; the runner exits with {@link #EXIT_CODE}.
 *
 * <p>It holds the queued jobs (filenames, asset URLs) and the event log: where the file system has POSIX
 * permissions it is owner-only, {@code rwx------} (created so, with any parent it creates, and an existing one
 * tightened to it), and the files it creates here are {@code rw-------}. Files others write into it (the queues'
 * and the ledger's H2 databases) are then out of other users' reach whatever the process's umask. On a file system
 * without POSIX permissions (Windows) the directory keeps what it inherits.
 */
public final class DataDirectory implements AutoCloseable {
    public static final int EXIT_CODE = 3;
    static final String LOCK_FILE = ".lock";
    /** The directory's permissions: its owner only. */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** The permissions of a file created in it: its owner reads and writes it. */
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

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
            boolean posix = posix(path);
            if (posix) {
                Files.createDirectories(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY_DIRECTORY)) {
                    Files.setPosixFilePermissions(path, OWNER_ONLY_DIRECTORY);
                }
            } else {
                Files.createDirectories(path);
            }
            if (!Files.isWritable(path)) {
                throw new DataDirectoryException("DATA_DIR " + path + " is not writable", null);
            }
            FileChannel channel = posix
                    ? FileChannel.open(path.resolve(LOCK_FILE), Set.of(StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                    : FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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

    /** Whether {@code path}'s file system has POSIX permissions (every Unix-like one; not Windows). */
    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
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
