package dev.permalinker.telemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.event.Level;

/**
 * A size-capped file of JSON log lines with one rotation: when the next line would take {@code file} past
 * {@code maxBytes}, it becomes {@code file.1} (replacing the previous one) and a new {@code file} is started. At
 * most about twice {@code maxBytes} is kept. Lines are appended whole and flushed one by one, so a reader (or a
 * crash) sees complete lines only, except possibly the last. The events name stacks, assets and filenames: where
 * the file system has POSIX permissions the file is created owner-only ({@code rw-------}) whatever the umask, and
 * a directory it creates is {@code rwx------}.
 */
public final class JsonLogFile implements LogSink, AutoCloseable {
    /** 10 MiB: days of a small stack's events, and still quick to scan from the start. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    /** The name {@code serve} gives its log in its data directory. */
    public static final String SERVE_LOG = "permalinker.log";

    private final Path file;
    private final Path rotated;
    private final long maxBytes;
    private OutputStream out;
    private long size;

    private JsonLogFile(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.rotated = rotatedPath(file);
        this.maxBytes = maxBytes;
        open();
    }

    /** Opens (appending to) {@code file}, creating it and its directory if missing. */
    public static JsonLogFile open(Path file, long maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("a log file of at most " + maxBytes + " bytes holds nothing useful");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && posix(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else if (parent != null) {
                Files.createDirectories(parent);
            }
            return new JsonLogFile(file, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log file " + file, e);
        }
    }

    /**
     * Opens {@code file} and copies every event of this process into it as JSON (a {@link LogTaps tap} on the
     * process's binding); closing the answer stops the copy and closes the file.
     *
     * @throws IllegalStateException when the process logs through another SLF4J binding than this module's
     */
    public static AutoCloseable tapProcessLog(Path file, long maxBytes) {
        LogTaps taps = LogTaps.ofProcess().orElseThrow(() -> new IllegalStateException(
                "the process does not log through the telemetry module's SLF4J binding; no log file is written"));
        JsonLogFile log = open(file, maxBytes);
        AutoCloseable detach = taps.attach(log);
        return () -> {
            detach.close();
            log.close();
        };
    }

    /** {@code permalinker.log} → {@code permalinker.log.1}. */
    public static Path rotatedPath(Path file) {
        return file.resolveSibling(file.getFileName() + ".1");
    }

    public Path path() {
        return file;
    }

    @Override
    public synchronized void write(byte[] line, Level level) {
        if (out == null) {
            return;
        }
        try {
            if (size > 0 && size + line.length > maxBytes) {
                rotate();
            }
            out.write(line);
            out.flush();
            size += line.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log file " + file, e);
        }
    }

    private void rotate() throws IOException {
        out.close();
        Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private void open() throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        out = posix(file)
                ? Channels.newOutputStream(Files.newByteChannel(file, options,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))
                : Files.newOutputStream(file, options.toArray(StandardOpenOption[]::new));
        size = Files.size(file);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            // Closing at shutdown; the lines written so far are flushed already.
        } finally {
            out = null;
        }
    }
}
