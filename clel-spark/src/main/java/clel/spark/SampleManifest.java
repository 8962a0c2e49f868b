package clel.spark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code manifest.json} of a distributed sampling run: what was sampled and the {@code .npy} shards that hold it,
 * in order. Shard k holds samples {@code [k * shardSize, k * shardSize + count)}, drawn with seed
 * {@code shardSeed(seed, k)}; concatenated, the shards equal {@code clel sample --count count --batch shardSize
 * --seed seed} with the same steps and rounds.
 *
 * @param checkpoint the model's checkpoint
 * @param weights    "EMA" or "live"
 * @param count      N, samples in all
 * @param shardSize  samples per shard (the last one may hold fewer)
 * @param seed       the run's sampling seed
 * @param steps      SGLD steps per round
 * @param rounds     rounds of SGLD
 * @param dtype      "uint8" (N, H, W, C) as {@code clel sample} writes, or "float32" (N, C, H, W) in [0, 1]
 * @param shards     the shard files, relative to the manifest's folder
 */
public record SampleManifest(String checkpoint, String weights, int count, int shardSize, int seed, int steps, int rounds,
                             String dtype, List<ShardFile> shards) {
    /** The manifest's file name inside an output folder. */
    public static final String FILE = "manifest.json";

    /** One shard: its file, index, first sample and number of samples. */
    public record ShardFile(String file, int index, int first, int count) implements Serializable {
    }

    public void write(Path dir) throws IOException {
        Gson gson = new GsonBuilder().setPrettyPrinting().create();
        clel.io.AtomicFileWriter.write(dir.resolve(FILE), out -> out.write((gson.toJson(this) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads {@code dir/manifest.json}; one-line errors for a missing or malformed file. */
    public static SampleManifest read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try {
            SampleManifest m = new Gson().fromJson(Files.readString(file), SampleManifest.class);
            if (m == null || m.shards() == null || m.dtype() == null) {
                throw new IOException(file + ": not a sample manifest (no shards or dtype)");
            }
            return m;
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such sample manifest (write one with 'clel spark sample')");
        } catch (JsonParseException e) {
            throw new IOException(file + ": malformed sample manifest: " + e.getMessage());
        }
    }
}
