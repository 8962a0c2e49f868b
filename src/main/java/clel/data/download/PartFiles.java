package clel.data.download;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temporary files of downloads in progress: {@code .clel-download.NAME.<digits>.part} in the target folder, a
 * name only clel gives, locked by the download writing it. A download killed before it could delete its file leaves
 * it unlocked, and the next download of the same file deletes it.
 */
final class PartFiles {
    /** Start of the names. */
    static final String PREFIX = ".clel-download.";
    /** End of the names. */
    static final String SUFFIX = ".part";
    /**
     * The files downloads of this JVM are writing: never opened by {@link #deleteStale} (closing any channel of a
     * file drops every lock this process holds on it).
     */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private PartFiles() {
    }

    /** A new, empty temporary file for a download of {@code fileName} into {@code dir}; {@link #done} when finished. */
    static Path create(Path dir, String fileName) throws IOException {
        Path file = Files.createTempFile(dir, PREFIX + fileName + ".", SUFFIX);
        WRITING.add(file.toAbsolutePath());
        return file;
    }

    /** The download writing {@code file} is over (the file was moved to its name or is to be deleted). */
    static void done(Path file) {
        WRITING.remove(file.toAbsolutePath());
    }

    /**
     * Deletes the temporary files that earlier downloads of {@code fileName} into {@code dir} left behind: only
     * clel's names, only regular files (not links), and only unlocked ones (a download in progress, in this or
     * another process, holds the lock of its file).
     */
    static void deleteStale(Path dir, String fileName) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Pattern ours = Pattern.compile(Pattern.quote(PREFIX + fileName + ".") + "[0-9]+" + Pattern.quote(SUFFIX));
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(p -> ours.matcher(p.getFileName().toString()).matches()
                    && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !WRITING.contains(p.toAbsolutePath()))
                    .toList();
        }
        for (Path p : candidates) {
            try (FileChannel channel = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 FileLock lock = channel.tryLock()) {
                if (lock != null) {
                    Files.deleteIfExists(p);
                }
            } catch (OverlappingFileLockException e) {
                // a download of this JVM is writing it
            }
        }
    }
}
