package clel.run;

import clel.io.AtomicFileWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A self-describing checkpoint: a zip of named entries (meta.properties with format and library versions,
 * config.yaml, the networks, their EMA copies, optimizer states, the replay buffer). Written atomically: to a
 * temporary file in the same folder, then renamed over the target, so a crash mid-write leaves the previous
 * checkpoint intact.
 */
public final class Checkpoint {
    /** Bumped whenever the layout of the entries changes. */
    public static final int FORMAT_VERSION = 1;
    public static final String META = CheckpointEntry.META.fileName();
    public static final String CONFIG = CheckpointEntry.CONFIG.fileName();

    private final Map<String, byte[]> entries;

    public Checkpoint(Map<String, byte[]> entries) {
        this.entries = new LinkedHashMap<>(entries);
    }

    public Map<String, byte[]> entries() {
        return entries;
    }

    /** The entry's bytes; an IOException naming the file and entry when it is missing. */
    public byte[] require(String name, Path source) throws IOException {
        byte[] b = entries.get(name);
        if (b == null) {
            throw new IOException(source + ": not a complete clel checkpoint (entry '" + name + "' is missing)");
        }
        return b;
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

    /** The run configuration stored in the checkpoint ({@code source} names the file in errors). */
    public clel.config.ClelConfig config(Path source) throws IOException {
        return clel.config.ConfigLoader.fromYaml(new String(require(CONFIG, source), java.nio.charset.StandardCharsets.UTF_8),
                source + " " + CONFIG);
    }

    /** Writes atomically to {@code target}. */
    public void write(Path target) throws IOException {
        write(target, out -> out);
    }

    /** As {@link #write(Path)}, with a hook wrapping the file stream (tests use it to simulate a crash). */
    public void write(Path target, java.util.function.UnaryOperator<OutputStream> wrap) throws IOException {
        AtomicFileWriter.write(target, file -> {
            ZipOutputStream zip = new ZipOutputStream(wrap.apply(file));
            zip.setLevel(java.util.zip.Deflater.BEST_SPEED); // the replay buffer barely compresses
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
    public String stateDigest() {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
            if (e.getKey().equals(META) || e.getKey().equals(CONFIG)) {
                continue;
            }
            sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(e.getValue().length).array());
            sha.update(e.getValue());
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The iteration a checkpoint file was written at, read from its {@value #META} entry alone (cheap: the
     * networks and the replay buffer are not read).
     */
    public static long iterationOf(Path file) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(META);
            if (e == null) {
                throw new IOException(file + ": not a clel checkpoint (no " + META + ")");
            }
            java.util.Properties meta = new java.util.Properties();
            try (InputStream in = zip.getInputStream(e)) {
                meta.load(in);
            }
            return Long.parseLong(meta.getProperty("iteration", "0"));
        } catch (ZipException | NumberFormatException e) {
            throw new IOException(file + ": not a readable clel checkpoint (" + e.getMessage() + ")");
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IOException(file + ": no such checkpoint file");
        }
    }

    /** Largest {@value #CONFIG} that {@link #configOf} reads: a run's configuration is a few kilobytes. */
    private static final int MAX_CONFIG_BYTES = 1 << 20;

    /**
     * The run configuration stored in a checkpoint file, read from its {@value #CONFIG} entry alone (cheap, as
     * {@link #iterationOf}: the networks and the replay buffer are not read); an entry over 1 MB is refused.
     */
    public static clel.config.ClelConfig configOf(Path file) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(CONFIG);
            if (e == null) {
                throw new IOException(file + ": not a clel checkpoint (no " + CONFIG + ")");
            }
            byte[] yaml;
            try (InputStream in = zip.getInputStream(e)) {
                yaml = in.readNBytes(MAX_CONFIG_BYTES + 1);
            }
            if (yaml.length > MAX_CONFIG_BYTES) {
                throw new IOException(file + ": its " + CONFIG + " is larger than " + (MAX_CONFIG_BYTES >> 20)
                        + " MB, which no run's configuration is");
            }
            return clel.config.ConfigLoader.fromYaml(new String(yaml, java.nio.charset.StandardCharsets.UTF_8),
                    file + " " + CONFIG);
        } catch (ZipException e) {
            throw new IOException(file + ": not a readable clel checkpoint (" + e.getMessage() + ")");
        }
    }

    /** Reads a checkpoint; corrupt, truncated or foreign files give an IOException naming the file. */
    public static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such checkpoint file");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                zip.transferTo(b);
                entries.put(e.getName(), b.toByteArray());
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(file + ": not a readable clel checkpoint (corrupt or truncated: " + e.getMessage() + ")");
        }
        if (!entries.containsKey(META)) {
            throw new IOException(file + ": not a clel checkpoint (no " + META + "; corrupt, truncated or another kind of file)");
        }
        return new Checkpoint(entries);
    }
}
