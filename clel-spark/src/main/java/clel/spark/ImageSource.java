package clel.spark;

import clel.data.ImageSet;
import clel.data.source.DataSources;
import clel.evaluation.NpyArray;
import clel.evaluation.NpyDtype;
import clel.evaluation.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Images read on the driver and cut into {@link ImageChunk}s for the executors: the first {@code n} images of a data
 * set (anything {@code clel ood --in} accepts: {@code shapes}, {@code NAME=ROOT} for CIFAR, SVHN, image folders and
 * zips, ...), of a {@code .npy} file ((N, H, W, C) uint8 as {@code clel sample} writes, or (N, C, H, W) float32), or
 * of the shards listed in a sample manifest folder written by {@code clel spark sample}.
 *
 * @param name   a name for messages and tables
 * @param n      number of images
 * @param shape  (C, H, W)
 * @param bytes  n*C*H*W unsigned bytes (NCHW), or null
 * @param floats n*C*H*W floats (NCHW), or null
 */
public record ImageSource(String name, int n, int[] shape, byte[] bytes, float[] floats) {

    /** The first {@code min(count, size)} images of an in-memory image set. */
    public static ImageSource of(ImageSet set, int count) {
        int n = Math.min(count, set.count());
        byte[] b = Arrays.copyOf(set.pixels(), n * set.imageBytes());
        return new ImageSource(set.name(), n, new int[] {set.channels(), set.height(), set.width()}, b, null);
    }

    /**
     * @param spec      a data-set name, a {@code .npy} file or a sample manifest folder
     * @param imageSize image size data sets are read at
     * @param count     at most this many images
     */
    public static ImageSource open(String spec, int imageSize, int count) throws IOException {
        Path p = Path.of(spec);
        if (Files.isDirectory(p) && Files.isRegularFile(p.resolve(SampleManifest.FILE))) {
            return manifest(p, count);
        }
        if (spec.endsWith(".npy")) {
            if (!Files.isRegularFile(p)) {
                throw new IOException(spec + ": no such .npy file");
            }
            return npy(spec, List.of(NpyFile.read(p)), count);
        }
        return of(DataSources.named(spec, imageSize, count, 2), count);
    }

    private static ImageSource manifest(Path dir, int count) throws IOException {
        SampleManifest m = SampleManifest.read(dir);
        List<NpyArray> parts = new ArrayList<>();
        int have = 0;
        for (SampleManifest.ShardFile s : m.shards()) {
            if (have >= count) {
                break;
            }
            Path f = dir.resolve(s.file());
            if (!Files.isRegularFile(f)) {
                throw new IOException(f + ": shard listed in " + dir.resolve(SampleManifest.FILE) + " is missing");
            }
            NpyArray a = NpyFile.read(f);
            parts.add(a);
            have += a.shape()[0];
        }
        return npy(dir.toString(), parts, count);
    }

    /** Concatenates image arrays: uint8 (N, H, W, C) to NCHW bytes, float32 (N, C, H, W) as they are. */
    private static ImageSource npy(String name, List<NpyArray> parts, int count) throws IOException {
        if (parts.isEmpty()) {
            throw new IOException(name + ": no images");
        }
        NpyDtype dtype = parts.get(0).dtype();
        int[] s0 = parts.get(0).shape();
        if (s0.length != 4) {
            throw new IOException(name + ": expected images of 4 dimensions, got shape " + Arrays.toString(s0));
        }
        int[] chw = dtype == NpyDtype.UINT8 ? new int[] {s0[3], s0[1], s0[2]} : new int[] {s0[1], s0[2], s0[3]};
        int per = chw[0] * chw[1] * chw[2];
        int total = 0;
        for (NpyArray a : parts) {
            int[] s = a.shape();
            if (a.dtype() != dtype || s.length != 4 || s[1] != s0[1] || s[2] != s0[2] || s[3] != s0[3]) {
                throw new IOException(name + ": arrays of different types or image shapes");
            }
            total += s[0];
        }
        int n = Math.min(count, total);
        if (dtype == NpyDtype.FLOAT32) {
            float[] f = new float[n * per];
            int at = 0;
            for (NpyArray a : parts) {
                int take = Math.min(a.floats().length, f.length - at);
                System.arraycopy(a.floats(), 0, f, at, take);
                at += take;
            }
            return new ImageSource(name, n, chw, null, f);
        }
        byte[] b = new byte[n * per];
        int image = 0;
        for (NpyArray a : parts) {
            byte[] nhwc = a.bytes();
            int c = chw[0];
            int h = chw[1];
            int w = chw[2];
            for (int i = 0; i < a.shape()[0] && image < n; i++, image++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            b[image * per + (ch * h + y) * w + x] = nhwc[((i * h + y) * w + x) * c + ch];
                        }
                    }
                }
            }
        }
        return new ImageSource(name, n, chw, b, null);
    }

    /** The images as consecutive chunks of {@code size} (the last may be shorter), tagged with set index {@code set}. */
    public List<ImageChunk> chunks(int set, int size) {
        int per = shape[0] * shape[1] * shape[2];
        List<ImageChunk> out = new ArrayList<>();
        for (int first = 0, k = 0; first < n; first += size, k++) {
            int m = Math.min(size, n - first);
            out.add(new ImageChunk(set, k, first, m, shape,
                    bytes == null ? null : Arrays.copyOfRange(bytes, first * per, (first + m) * per),
                    floats == null ? null : Arrays.copyOfRange(floats, first * per, (first + m) * per)));
        }
        return out;
    }
}
