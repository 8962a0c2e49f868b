package clel.run;

import clel.io.AtomicFileWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A self-describing checkpoint: a zip of named entries (meta.properties with format and library versions,
 * config.yaml, the networks, their EMA copies, optimizer states, the replay buffer). Written atomically: to a
 * temporary file in the same folder, then renamed over the target, so a crash mid-write leaves the previous
 * checkpoint intact.
 *
 * <p>A checkpoint read from a file is untrusted: its table of entries is checked when it is opened, the small entries
 * (descriptions, configuration) are read at once within their {@link EntryKind}'s limit, and the state entries only when
 * asked for, each inflated to at most the size its reader expects ({@link #require(String, Path, long)}).
 */
public final class Checkpoint {
    /** Bumped whenever the layout of the entries changes. */
    public static final int FORMAT_VERSION = 1;
    public static final String META = CheckpointEntry.META.fileName();
    public static final String CONFIG = CheckpointEntry.CONFIG.fileName();

    private final Map<String, byte[]> entries;
    /** The file this checkpoint was read from, or null when it was built in memory. */
    private final CheckpointFile file;

    public Checkpoint(Map<String, byte[]> entries) {
        this(entries, null);
    }

    private Checkpoint(Map<String, byte[]> entries, CheckpointFile file) {
        this.entries = new LinkedHashMap<>(entries);
        this.file = file;
    }

    /**
     * Every entry (mutable): for a checkpoint read from a file, the state entries not read yet are read now, each up to
     * its kind's limit; meant for files clel wrote itself (digests, tests, rewriting).
     */
    public Map<String, byte[]> entries() throws IOException {
        if (file != null) {
            Map<String, Long> missing = new LinkedHashMap<>();
            for (String name : file.names()) {
                if (!entries.containsKey(name)) {
                    missing.put(name, EntryKind.of(name).maxBytes());
                }
            }
            entries.putAll(file.read(missing));
        }
        return entries;
    }

    /**
     * The entry's bytes, a state entry inflated to at most its kind's limit; an IOException naming the file and entry
     * when it is missing or larger.
     */
    public byte[] require(String name, Path source) throws IOException {
        EntryKind kind = EntryKind.of(name);
        return require(name, source, kind == null ? EntryKind.STATE.maxBytes() : kind.maxBytes());
    }

    /**
     * The entry's bytes, inflated to at most {@code maxBytes} (the size its reader expects from the model it loads
     * into); an IOException naming the file and entry when it is missing, declares or inflates to more, or is corrupt.
     */
    public byte[] require(String name, Path source, long maxBytes) throws IOException {
        byte[] b = entries.get(name);
        if (b == null && file != null && file.names().contains(name)) {
            b = file.read(Map.of(name, maxBytes)).get(name);
            entries.put(name, b);
        }
        if (b == null) {
            throw new IOException(source + ": not a complete clel checkpoint (entry '" + name + "' is missing)");
        }
        if (b.length > maxBytes) {
            throw new IOException(source + ": entry " + name + " holds " + b.length + " bytes, more than the " + maxBytes
                    + " expected (damaged, crafted, or not written for this model)");
        }
        return b;
    }

    /**
     * The size of an entry without reading it: its length when it is in memory, else the size the file's table of
     * entries declares (checked again while inflating); -1 when there is no such entry.
     */
    public long storedSize(String name) {
        byte[] b = entries.get(name);
        if (b != null) {
            return b.length;
        }
        return file == null ? -1 : file.declaredSize(name);
    }

    /** The entry's bytes, inflated to at most {@code maxBytes}; see {@link #require(String, Path, long)}. */
    public byte[] require(CheckpointEntry entry, Path source, long maxBytes) throws IOException {
        return require(entry.fileName(), source, maxBytes);
    }

    /** The entry's bytes; an IOException naming the file and entry when it is missing. */
    public byte[] require(CheckpointEntry entry, Path source) throws IOException {
        return require(entry.fileName(), source);
    }

    /** Sets an entry's bytes. */
    public Checkpoint put(CheckpointEntry entry, byte[] bytes) {
        return put(entry.fileName(), bytes);
    }

    /** Sets the bytes of an entry named by its owner (an encoder objective's state, clel.encoder.EncoderObjective#state). */
    public Checkpoint put(String name, byte[] bytes) {
        entries.put(name, bytes);
        return this;
    }

    /**
     * The run configuration stored in the checkpoint, read and validated as a user's configuration file is
     * ({@code source} names the file in errors).
     */
    public clel.config.ClelConfig config(Path source) throws IOException {
        String where = source + " " + CONFIG;
        return clel.config.ConfigLoader.fromYaml(clel.config.SafeYaml.decode(require(CONFIG, source), where), where);
    }

    /** The training checkpoint's {@value #META}, validated ({@link CheckpointMeta}). */
    public CheckpointMeta meta(Path source) throws IOException {
        return CheckpointMeta.parse(require(META, source), source);
    }

    /** Writes atomically to {@code target}. */
    public void write(Path target) throws IOException {
        write(target, out -> out);
    }

    /** As {@link #write(Path)}, with a hook wrapping the file stream (tests use it to simulate a crash). */
    public void write(Path target, UnaryOperator<OutputStream> wrap) throws IOException {
        Map<String, byte[]> entries = entries();
        AtomicFileWriter.write(target, file -> {
            ZipOutputStream zip = new ZipOutputStream(wrap.apply(file));
            zip.setLevel(Deflater.BEST_SPEED); // the replay buffer barely compresses
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /**
     * SHA-256 (hex) of the training state: every entry except {@value #META} (versions, a timestamp) and
     * {@value #CONFIG} (names the run folder). Two runs that trained identically have equal digests.
     */
    public String stateDigest() throws IOException {
        Map<String, byte[]> entries = entries();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
            if (e.getKey().equals(META) || e.getKey().equals(CONFIG)) {
                continue;
            }
            sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(e.getValue().length).array());
            sha.update(e.getValue());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The iteration a checkpoint file was written at, read from its {@value #META} entry alone (cheap: the
     * networks and the replay buffer are not read).
     */
    public static long iterationOf(Path file) throws IOException {
        return read(file).meta(file).iteration();
    }

    /**
     * The run configuration stored in a checkpoint file, read with the checkpoint's small entries only (cheap, as
     * {@link #iterationOf}: the networks and the replay buffer are not read).
     */
    public static clel.config.ClelConfig configOf(Path file) throws IOException {
        return read(file).config(file);
    }

    /**
     * Opens a checkpoint: checks its table of entries and reads the small ones; corrupt, truncated, foreign or crafted
     * files give an IOException naming the file.
     */
    public static Checkpoint read(Path file) throws IOException {
        CheckpointFile zip = CheckpointFile.open(file);
        if (!zip.names().contains(META)) {
            throw new IOException(file + ": not a clel checkpoint (no " + META + "; corrupt, truncated or another kind of file)");
        }
        Map<String, Long> small = new LinkedHashMap<>();
        for (String name : zip.names()) {
            EntryKind kind = EntryKind.of(name);
            if (kind.readAtOnce()) {
                small.put(name, kind.maxBytes());
            }
        }
        return new Checkpoint(zip.read(small), zip);
    }
}
