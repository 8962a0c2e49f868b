package clel.run;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A checkpoint's zip file on disk, read with limits: its table of entries is checked when it is opened (at most
 * {@value #MAX_ENTRIES} entries, each of a known {@link EntryKind}, none twice, none declaring more than its kind may
 * hold), and an entry is inflated only up to the size its reader expects, counting while inflating (a zip bomb stops at
 * that size). Entries are read on demand; a file that changed since it was opened is refused.
 */
final class CheckpointFile {
    /** Most entries a clel zip container may hold (a training checkpoint has about a dozen). */
    static final int MAX_ENTRIES = 64;
    private static final int CHUNK = 1 << 16;

    private final Path file;
    private final Object identity;
    private final Map<String, Long> declared;

    private CheckpointFile(Path file, Object identity, Map<String, Long> declared) {
        this.file = file;
        this.identity = identity;
        this.declared = declared;
    }

    /** Opens {@code file} and checks its table of entries; reads no entry. */
    static CheckpointFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such checkpoint file");
        }
        Object identity = identity(file);
        Map<String, Long> declared = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (declared.size() == MAX_ENTRIES) {
                    throw new IOException(file + ": not a clel checkpoint (more than " + MAX_ENTRIES + " entries)");
                }
                EntryKind kind = EntryKind.of(e.getName());
                if (kind == null) {
                    throw new IOException(file + ": not a clel checkpoint (unexpected entry '" + printable(e.getName())
                            + "')");
                }
                if (declared.put(e.getName(), e.getSize()) != null) {
                    throw new IOException(file + ": not a clel checkpoint (entry " + e.getName() + " appears twice)");
                }
                if (e.getSize() > kind.maxBytes()) {
                    throw new IOException(file + ": entry " + e.getName() + " declares " + e.getSize() + " bytes, more "
                            + "than an entry of its kind may hold (" + kind.maxBytes() + "); damaged or crafted");
                }
            }
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            throw unreadable(file, e);
        }
        return new CheckpointFile(file, identity, declared);
    }

    /** The size the file's table of entries declares for an entry, or -1 when it has no such entry. */
    long declaredSize(String name) {
        return declared.getOrDefault(name, -1L);
    }

    /** The names of the entries, in the file's order. */
    Collection<String> names() {
        return declared.keySet();
    }

    /**
     * Inflates the named entries, each to at most {@code maxBytes.get(name)} bytes.
     *
     * @throws IOException naming the file and the entry when one declares or inflates to more, is corrupt or truncated,
     *                     or when the file changed since it was opened
     */
    Map<String, byte[]> read(Map<String, Long> maxBytes) throws IOException {
        if (!Objects.equals(identity, identity(file))) {
            throw new IOException(file + ": the file changed while it was being read");
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Map.Entry<String, Long> m : maxBytes.entrySet()) {
                ZipEntry e = zip.getEntry(m.getKey());
                if (e == null || !declared.containsKey(m.getKey())) {
                    throw new IOException(file + ": the file changed while it was being read (entry " + m.getKey()
                            + " is gone)");
                }
                long max = Math.min(m.getValue(), EntryKind.of(m.getKey()).maxBytes());
                if (e.getSize() > max) {
                    throw new IOException(file + ": entry " + m.getKey() + " declares " + e.getSize() + " bytes, more "
                            + "than the " + max + " expected (damaged, crafted, or not written for this model)");
                }
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(m.getKey(), inflate(in, m.getKey(), e.getSize(), max));
                }
            }
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            throw unreadable(file, e);
        }
        return out;
    }

    private byte[] inflate(InputStream in, String name, long size, long max) throws IOException {
        if (size >= 0) {
            byte[] b = new byte[(int) size];
            int n = in.readNBytes(b, 0, b.length);
            if (n < size) {
                throw new IOException(file + ": entry " + name + " is truncated (" + n + " of " + size + " bytes)");
            }
            if (in.read() >= 0) {
                throw new IOException(file + ": entry " + name + " inflates to more than the " + size
                        + " bytes it declares (damaged or crafted)");
            }
            return b;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] chunk = new byte[CHUNK];
        for (int n; (n = in.read(chunk)) > 0; ) {
            if (b.size() + (long) n > max) {
                throw new IOException(file + ": entry " + name + " inflates to more than the " + max
                        + " bytes expected (damaged, crafted, or not written for this model)");
            }
            b.write(chunk, 0, n);
        }
        return b.toByteArray();
    }

    private static IOException unreadable(Path file, Exception e) {
        return new IOException(file + ": not a readable clel checkpoint (corrupt or truncated: " + e.getMessage() + ")");
    }

    private static Object identity(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(a.size(), a.lastModifiedTime(), String.valueOf(a.fileKey()));
    }

    private static String printable(String name) {
        String s = name.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
