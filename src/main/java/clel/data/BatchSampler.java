package clel.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Deterministic mini-batch sampling with drop-last epochs: the indices of batch t are a pure function of
 * (N, B, seed, t), which is what lets training resume exactly from any iteration.
 *
 * <p>With {@code batchesPerEpoch = floor(N / B)}, batch t belongs to epoch
 * {@code e = floor(t / batchesPerEpoch)} (equivalently {@code floor(t B / N_usable)} with
 * {@code N_usable = batchesPerEpoch * B}). Epoch e visits the images in the order of a permutation of
 * 0..N-1 drawn by Fisher-Yates from a {@link SplittableRandom} seeded with a mix of (seed, e); batch t is
 * the slice {@code [(t mod batchesPerEpoch) B, (t mod batchesPerEpoch + 1) B)} of it. The last
 * {@code N mod B} images of each permutation are dropped.
 *
 * <p>The static helpers turn a batch of indices into the float input x of the networks: shape
 * (B, C, H, W), values {@code byte / 255} in [0, 1].
 *
 * <p>Instances are immutable apart from a cache of the most recent permutation and are safe to share
 * between threads.
 */
public final class BatchSampler {
    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            BYTE_TO_UNIT[v] = v / 255f;
        }
    }

    private final int datasetSize;
    private final int batchSize;
    private final long seed;
    private final int batchesPerEpoch;
    private volatile EpochPermutation cached;

    private record EpochPermutation(long epoch, int[] order) {
    }

    /**
     * @param datasetSize N, number of images, at least 1
     * @param batchSize   B, images per batch, 1..N
     * @param seed        sampling seed
     */
    public BatchSampler(int datasetSize, int batchSize, long seed) {
        if (datasetSize < 1) {
            throw new IllegalArgumentException("batch sampler: data set size must be >= 1, got " + datasetSize);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch sampler: batch size must be >= 1, got " + batchSize);
        }
        if (batchSize > datasetSize) {
            throw new IllegalArgumentException("batch sampler: batch size " + batchSize
                    + " is larger than the data set (" + datasetSize + " images)");
        }
        this.datasetSize = datasetSize;
        this.batchSize = batchSize;
        this.seed = seed;
        this.batchesPerEpoch = datasetSize / batchSize;
    }

    /** @return N, the number of images batches are drawn from */
    public int datasetSize() {
        return datasetSize;
    }

    /** @return B, the images per batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return the seed of the per-epoch permutations */
    public long seed() {
        return seed;
    }

    /** @return floor(N / B): batches per epoch (drop-last) */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /**
     * @param iteration global iteration number t, at least 0
     * @return the epoch of iteration t: floor(t / batchesPerEpoch)
     */
    public long epochOf(long iteration) {
        checkIteration(iteration);
        return iteration / batchesPerEpoch;
    }

    /**
     * The image indices of batch t.
     *
     * @param iteration global iteration number t, at least 0
     * @return B distinct indices in [0, N) (a fresh array)
     */
    public int[] indices(long iteration) {
        checkIteration(iteration);
        long epoch = iteration / batchesPerEpoch;
        int position = (int) (iteration % batchesPerEpoch);
        int[] order = permutationFor(epoch);
        int[] out = new int[batchSize];
        System.arraycopy(order, position * batchSize, out, 0, batchSize);
        return out;
    }

    /**
     * The visiting order of epoch e: a permutation of 0..N-1.
     *
     * @param epoch e, at least 0
     * @return a fresh array of length N
     */
    public int[] permutation(long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("batch sampler: epoch must be >= 0, got " + epoch);
        }
        return permutationFor(epoch).clone();
    }

    private int[] permutationFor(long epoch) {
        EpochPermutation c = cached;
        if (c != null && c.epoch() == epoch) {
            return c.order();
        }
        int[] order = new int[datasetSize];
        for (int i = 0; i < datasetSize; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(mix64(mix64(seed) ^ (0x9E3779B97F4A7C15L * (epoch + 1))));
        for (int i = datasetSize - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        cached = new EpochPermutation(epoch, order);
        return order;
    }

    private static void checkIteration(long iteration) {
        if (iteration < 0) {
            throw new IllegalArgumentException("batch sampler: iteration must be >= 0, got " + iteration);
        }
    }

    /** SplitMix64 finalizer (Stafford variant 13). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Writes the images {@code indices} of {@code set} as floats {@code byte / 255} into {@code out},
     * layout (B, C, H, W) with B = indices.length.
     *
     * @param set     source images
     * @param indices image indices, each in [0, set.count())
     * @param out     destination of length at least B*C*H*W
     */
    public static void fill(ImageSet set, int[] indices, float[] out) {
        Objects.requireNonNull(set, "set");
        int imageBytes = set.imageBytes();
        long needed = (long) indices.length * imageBytes;
        if (out.length < needed) {
            throw new IllegalArgumentException(set.name() + ": float buffer of " + out.length + " values is too small for "
                    + indices.length + " images of " + imageBytes + " values");
        }
        byte[] pixels = set.pixels();
        for (int b = 0; b < indices.length; b++) {
            int i = indices[b];
            if (i < 0 || i >= set.count()) {
                throw new IllegalArgumentException(set.name() + ": image index " + i + " outside [0, " + set.count() + ")");
            }
            int src = i * imageBytes;
            int dst = b * imageBytes;
            for (int k = 0; k < imageBytes; k++) {
                out[dst + k] = BYTE_TO_UNIT[pixels[src + k] & 0xff];
            }
        }
    }

    /**
     * {@link #fill} into a new array.
     *
     * @param set     source images
     * @param indices image indices, each in [0, set.count())
     * @return B*C*H*W floats {@code byte / 255}, layout (B, C, H, W) with B = indices.length
     */
    public static float[] pixels(ImageSet set, int[] indices) {
        float[] out = new float[indices.length * set.imageBytes()];
        fill(set, indices, out);
        return out;
    }

    /**
     * @param set     labelled images
     * @param indices image indices, each in [0, set.count())
     * @return the class labels of {@code indices}
     */
    public static int[] labels(ImageSet set, int[] indices) {
        int[] out = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            int i = indices[b];
            if (i < 0 || i >= set.count()) {
                throw new IllegalArgumentException(set.name() + ": image index " + i + " outside [0, " + set.count() + ")");
            }
            out[b] = set.label(i);
        }
        return out;
    }

    /**
     * The images {@code indices} as a float32 NDArray of shape (B, C, H, W) with values in [0, 1], created on
     * {@code manager} (the caller owns and closes it).
     *
     * @param manager the manager of the result
     * @param set     source images
     * @param indices image indices, each in [0, set.count())
     * @return the images (B, C, H, W)
     */
    public static NDArray toNDArray(NDManager manager, ImageSet set, int[] indices) {
        return manager.create(pixels(set, indices),
                new Shape(indices.length, set.channels(), set.height(), set.width()));
    }
}
