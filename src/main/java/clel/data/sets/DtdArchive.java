package clel.data.sets;

import clel.data.format.DataFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks the images of the DTD release tarball ({@link Textures}) for the image-folder reader. The tarball may be
 * one the user put there (only a downloaded one is checksum-verified), so the sizes its entries declare are checked
 * before they are written: at most {@value #MAX_ENTRY_BYTES} bytes per image, {@value #MAX_TOTAL_BYTES} in all
 * (the release's images take 0.6 GB).
 */
final class DtdArchive {
    /** Most bytes of one unpacked image. */
    static final long MAX_ENTRY_BYTES = 256L << 20;
    /** Most bytes unpacked in all. */
    static final long MAX_TOTAL_BYTES = 4L << 30;

    private DtdArchive() {
    }

    /**
     * Unpack the {@code images/} tree of the DTD tarball to {@code root/dtd/images/} (via a hidden staging folder,
     * so an interrupted unpack leaves no half set behind). Entries outside {@code images/} are skipped.
     *
     * @return the number of files unpacked
     */
    static int unpackImages(Path archive, Path root) throws IOException {
        return unpackImages(archive, root, MAX_ENTRY_BYTES, MAX_TOTAL_BYTES);
    }

    /** {@link #unpackImages(Path, Path)} with the given limits on one image's bytes and on all bytes unpacked. */
    static int unpackImages(Path archive, Path root, long maxEntryBytes, long maxTotalBytes) throws IOException {
        Path staging = Files.createTempDirectory(root, ".dtd-unpack-");
        Path images = staging.resolve("dtd").resolve("images");
        int count = 0;
        long total = 0;
        try {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                 GzipCompressorInputStream gz = new GzipCompressorInputStream(in);
                 TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (!e.isFile()) {
                        continue;
                    }
                    String rel = underImages(e.getName());
                    if (rel == null) {
                        continue;
                    }
                    Path out = images.resolve(rel).normalize();
                    if (!out.startsWith(images) || out.equals(images)) {
                        throw new DataFormatException(archive + "!" + e.getName() + ": entry path leaves images/");
                    }
                    if (e.getSize() > maxEntryBytes) {
                        throw new DataFormatException(archive + "!" + e.getName() + ": entry declares "
                                + e.getSize() + " bytes, more than an image may have (" + maxEntryBytes + ")");
                    }
                    total += e.getSize();
                    if (total > maxTotalBytes) {
                        throw new DataFormatException(archive + "!" + e.getName() + ": the images unpacked so far"
                                + " would take " + total + " bytes, more than the DTD release may (" + maxTotalBytes
                                + ")");
                    }
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    count++;
                }
            } catch (DataFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new DataFormatException(archive + ": truncated or corrupt .tar.gz (" + oneLine(e) + ")", e);
            }
            if (count == 0) {
                throw new DataFormatException(archive + ": no files under images/ (not the DTD release?)");
            }
            Files.move(staging.resolve("dtd"), root.resolve("dtd"));
            return count;
        } finally {
            deleteTree(staging);
        }
    }

    /** The part of a tar entry name after its first "images" folder, or null (also for ".." components). */
    private static String underImages(String entryName) {
        String[] parts = entryName.replace('\\', '/').split("/");
        for (String p : parts) {
            if (p.equals("..")) {
                return null;
            }
        }
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("images")) {
                StringBuilder b = new StringBuilder();
                for (int j = i + 1; j < parts.length; j++) {
                    if (parts[j].isEmpty() || parts[j].equals(".")) {
                        continue;
                    }
                    b.append(b.length() == 0 ? "" : "/").append(parts[j]);
                }
                return b.length() == 0 ? null : b.toString();
            }
        }
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
        return s.replaceAll("\\s+", " ").trim();
    }
}
