package clel.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes a file atomically: the content goes to a temporary file in the target's directory, which is then
 * moved over the target, so readers never see a half-written file (e.g. a cached statistics file or a plot
 * written while a report is being generated).
 *
 * <p>The temporary file's name carries a marker only clel writes, {@code .<target name>.clel-<hex>.tmp}, so that the
 * cleanup after an interrupted write ({@code clel.recovery.RunFolderRepair}) can tell clel's leftovers from a user's
 * own files, however they are named ({@code .notes.1.tmp} is the user's and stays).
 */
public final class AtomicFileWriter {
    /** The marker in the names of this class's temporary files. */
    private static final String MARKER = ".clel-";
    /** Names of the temporary files: {@code .<target name>.clel-<hex>.tmp}. */
    private static final Pattern TEMPORARY_NAME = Pattern.compile("\\..+" + Pattern.quote(MARKER) + "[0-9a-f]{1,16}\\.tmp");

    /** The body of a write: receives a buffered stream to the temporary file. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the whole file content.
         *
         * @param out stream to write to; closed by the caller
         * @throws IOException on write failure
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFileWriter() {
    }

    /**
     * Whether {@code file} is named like this class's temporary files ({@code .<name>.clel-<hex>.tmp}). Such a file
     * outlives its write only when the process died during the write (a kill or a crash).
     *
     * @param file a file
     * @return whether its name is that of a temporary file
     */
    public static boolean isTemporaryFile(Path file) {
        Path name = file.getFileName();
        return name != null && TEMPORARY_NAME.matcher(name.toString()).matches();
    }

    private static String temporaryName(Path target) {
        return "." + target.getFileName() + MARKER + Long.toHexString(System.nanoTime()) + ".tmp";
    }

    /**
     * Moves a completely written file over {@code target}, atomically where the file system allows: readers see the
     * old file or the new one, never a part of it. For content written elsewhere first, e.g. a download checked
     * before it takes its name; {@code written} should be in {@code target}'s directory.
     *
     * @param written the finished file, which is moved
     * @param target  the file to create or replace
     * @throws IOException when the move fails
     */
    public static void moveOver(Path written, Path target) throws IOException {
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Writes {@code target} atomically, creating its parent directory if needed.
     *
     * @param target file to create or replace
     * @param body   writes the content
     * @throws IOException if anything fails; the message names {@code target}, and the temporary file is removed
     */
    public static void write(Path target, Body body) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // created like any new file (permissions from the umask), unlike Files.createTempFile's 0600
            tmp = dir.resolve(temporaryName(absolute));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 16)) {
                body.writeTo(out);
            }
            moveOver(tmp, absolute);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException) {
                throw new IOException(target + ": cannot write: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
