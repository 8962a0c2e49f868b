package clel.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Paths a user hands in (a checkpoint, a network file, an output folder), checked before use so that a wrong one ends in
 * one line that says what is wrong with it: missing, a folder where a file is expected or the other way round, or a
 * symbolic link that leads in a circle or nowhere.
 */
public final class UserPaths {
    private UserPaths() {
    }

    /**
     * A regular file (a symbolic link to one is fine).
     *
     * @param file the path given by the user
     * @param what what the file is for, for the message ("the checkpoint to resume")
     * @throws IllegalArgumentException one line naming the file otherwise
     */
    public static void requireRegularFile(Path file, String what) {
        if (Files.isRegularFile(file)) {
            return;
        }
        Optional<String> broken = brokenLink(file);
        if (broken.isPresent()) {
            throw new IllegalArgumentException(file + ": cannot be opened: " + broken.get() + " (" + what + ")");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": is a folder, not a file (" + what + ")");
        }
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + ": is not a regular file (" + what + ")");
        }
        throw new IllegalArgumentException(file + ": no such file (" + what + ")");
    }

    /**
     * A folder clel may create or write into: absent, or a folder. The first part of the path that exists must be a
     * folder too.
     *
     * @param dir  the path given by the user
     * @param what what the folder is for ("the run folder, -o")
     * @throws IllegalArgumentException one line naming the path otherwise (a regular file, a broken link)
     */
    public static void requireFolderOrAbsent(Path dir, String what) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                return;
            }
            Optional<String> broken = brokenLink(p);
            if (broken.isPresent()) {
                throw new IllegalArgumentException(p + ": cannot be used as a folder: " + broken.get() + " (" + what + ")");
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(p + ": is " + (Files.isRegularFile(p) ? "a regular file" : "not a folder")
                        + (p.equals(dir.toAbsolutePath()) ? "" : " in the path " + dir) + ", so it cannot be "
                        + "a folder (" + what + "): name a folder");
            }
        }
    }

    /**
     * Refuses an output folder that is, or lies inside, a folder of the user's inputs: clel never writes into the
     * folders it reads a user's images from.
     *
     * @param output the folder outputs go to (it need not exist yet)
     * @param input  the user's folder (or file) of inputs
     * @param what   what the input is ("the example images, --like")
     * @throws IllegalArgumentException one line naming both paths
     */
    public static void requireOutside(Path output, Path input, String what) {
        Path in = real(input);
        Path out = real(output);
        if (out.startsWith(in)) {
            throw new IllegalArgumentException(output + ": the output folder lies in " + input + " (" + what + "); clel "
                    + "does not write into the folders it reads: choose another -o");
        }
    }

    /**
     * Refuses to write {@code output} when it is the file {@code input} a user handed in (a --name that would
     * overwrite an image the command reads).
     *
     * @param output the file the command is about to write
     * @param input  a file the user handed in, which the command reads
     * @param what   the input in words for the error, e.g. "the mask, --mask"
     * @throws IllegalArgumentException one line naming the file
     */
    public static void requireNotSameFile(Path output, Path input, String what) {
        if (real(output).equals(real(input))) {
            throw new IllegalArgumentException(output + ": would overwrite " + what + "; choose another --name or -o");
        }
    }

    /** The real path of {@code p}'s longest existing ancestor, with the rest of {@code p} appended. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path rest = abs.getFileSystem().getPath("");
        for (Path cur = abs; cur != null; cur = cur.getParent()) {
            try {
                return cur.toRealPath().resolve(rest);
            } catch (IOException e) {
                Path name = cur.getFileName();
                rest = name == null ? rest : name.resolve(rest);
            }
        }
        return abs;
    }

    /**
     * Why a symbolic link cannot be followed ("a symbolic link loop", "a symbolic link to a missing file"), or empty
     * when {@code path} is no such link.
     *
     * @param path a path
     * @return the reason, or empty
     */
    public static Optional<String> brokenLink(Path path) {
        if (!Files.isSymbolicLink(path)) {
            return Optional.empty();
        }
        try {
            path.toRealPath();
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("a symbolic link to a missing file");
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? "" : e.getReason();
            return Optional.of(reason.toLowerCase(Locale.ROOT).contains("levels of symbolic links")
                    ? "a symbolic link loop (too many levels of symbolic links)" : "a symbolic link that fails: " + reason);
        } catch (IOException e) {
            return Optional.of("a symbolic link that fails: " + e.getMessage());
        }
    }
}
