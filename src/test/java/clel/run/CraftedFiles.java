package clel.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Crafted versions of clel's zip containers for tests of untrusted files: entries replaced, zip bombs whose central
 * directory tells the truth or lies about their size, and DJL array headers that lie (rank, type, data length).
 */
public final class CraftedFiles {
    private CraftedFiles() {
    }

    /** Every entry of a container clel wrote. */
    public static Map<String, byte[]> entries(Path file) throws IOException {
        return new LinkedHashMap<>(Checkpoint.read(file).entries());
    }

    /** {@code source}'s entries with {@code changes} laid over them, written to {@code target}. */
    public static Path with(Path source, Path target, Map<String, byte[]> changes) throws IOException {
        Map<String, byte[]> e = entries(source);
        e.putAll(changes);
        new Checkpoint(e).write(target);
        return target;
    }

    /** {@code source} with one entry's text edited by a regular expression. */
    public static Path withText(Path source, Path target, String entry, String regex, String replacement)
            throws IOException {
        String text = new String(entries(source).get(entry), StandardCharsets.UTF_8);
        String edited = text.replaceAll(regex, replacement);
        if (edited.equals(text)) {
            throw new IllegalArgumentException(regex + " matches nothing in " + entry);
        }
        return with(source, target, Map.of(entry, edited.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code source} with {@code entry} replaced by {@code inflated} zero bytes, deflated (a zip bomb), whose central
     * directory declares {@code declared} bytes (the truth when equal to {@code inflated}, below 4 GiB).
     */
    public static Path withBomb(Path source, Path target, String entry, long inflated, long declared) throws IOException {
        Map<String, byte[]> e = entries(source);
        try (OutputStream file = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(Deflater.BEST_SPEED);
            for (Map.Entry<String, byte[]> x : e.entrySet()) {
                zip.putNextEntry(new ZipEntry(x.getKey()));
                if (x.getKey().equals(entry)) {
                    byte[] zeros = new byte[1 << 20];
                    for (long left = inflated; left > 0; left -= zeros.length) {
                        zip.write(zeros, 0, (int) Math.min(zeros.length, left));
                    }
                } else {
                    zip.write(x.getValue());
                }
                zip.closeEntry();
            }
        }
        if (declared != inflated) {
            declare(target, entry, declared);
        }
        return target;
    }

    /** Rewrites the uncompressed size the central directory gives {@code entry} (a 32-bit field). */
    public static void declare(Path zip, String entry, long size) throws IOException {
        byte[] b = Files.readAllBytes(zip);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        byte[] name = entry.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (int i = 0; i + 46 <= b.length; i++) {
            if (bb.getInt(i) == 0x02014b50 && bb.getShort(i + 28) == name.length
                    && Arrays.equals(b, i + 46, i + 46 + name.length, name, 0, name.length)) {
                bb.putInt(i + 24, (int) size);
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no central directory record for " + entry);
        }
        Files.write(zip, b);
    }

    /** The offsets of the first array record of DJL-encoded bytes (parameters or an NDList). */
    public record ArrayHeader(int type, int rank, int dataLength, int data) {
        /** Finds the first record ("NDAR") in {@code b}. */
        public static ArrayHeader first(byte[] b) {
            ByteBuffer bb = ByteBuffer.wrap(b);
            int at = indexOf(b, new byte[] {0, 4, 'N', 'D', 'A', 'R'}) + 6 + 4;
            at += b[at] == 1 ? 3 + bb.getShort(at + 1) : 1;
            at += 2 + bb.getShort(at);
            int type = at;
            at += 2 + bb.getShort(at);
            int rank = at;
            int r = bb.getInt(at);
            at += 4 + 8 * r + 4 + 2 * r + 1;
            return new ArrayHeader(type, rank, at, at + 4);
        }
    }

    /** {@code b} with the first array's rank set to {@code rank} (nothing else changed: the header lies). */
    public static byte[] withRank(byte[] b, int rank) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).putInt(ArrayHeader.first(b).rank(), rank);
        return c;
    }

    /** {@code b} with the first array's data length set to {@code length}. */
    public static byte[] withDataLength(byte[] b, int length) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).putInt(ArrayHeader.first(b).dataLength(), length);
        return c;
    }

    /** {@code b} with the first (float32) array turned into a well-formed float16 array of the same shape. */
    public static byte[] withFloat16(byte[] b) {
        ArrayHeader h = ArrayHeader.first(b);
        int length = ByteBuffer.wrap(b).getInt(h.dataLength());
        ByteBuffer out = ByteBuffer.allocate(b.length - length / 2);
        out.put(b, 0, h.type()).putShort((short) 7).put("FLOAT16".getBytes(StandardCharsets.US_ASCII));
        out.put(b, h.type() + 9, h.dataLength() - h.type() - 9).putInt(length / 2);
        out.put(b, h.data(), length / 2).put(b, h.data() + length, b.length - h.data() - length);
        return out.array();
    }

    /**
     * {@code b} with the first array's shape replaced by one dimension of {@code elements} float32 values and a data
     * length of {@code length} (the values that follow stay as they were).
     */
    public static byte[] withOneDimension(byte[] b, long elements, int length) {
        ArrayHeader h = ArrayHeader.first(b);
        int rank = ByteBuffer.wrap(b).getInt(h.rank());
        ByteBuffer out = ByteBuffer.allocate(b.length + 24);
        out.put(b, 0, h.rank()).putInt(1).putLong(elements).putInt(1).putChar('?').put((byte) '<').putInt(length);
        out.put(b, h.data(), b.length - h.data());
        return Arrays.copyOf(out.array(), out.position());
    }

    /** SHA-256 of every file under {@code dir}, by relative path: to show that a refused input changed nothing. */
    public static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                out.put(dir.relativize(f).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f))));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static int indexOf(byte[] b, byte[] what) {
        for (int i = 0; i + what.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no array record");
    }
}
