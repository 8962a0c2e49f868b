package clel.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The persistent SGLD chains (Du and Mordatch, 2019): {@code size} images of (C, H, W) kept on the Java heap,
 * initialized uniformly in [0, 1]. A batch of distinct chains is drawn uniformly without replacement; each drawn
 * chain restarts from uniform noise with probability {@code reinitProb}; the sampler's results are written back.
 * (The public code, models/sampler.py MCMCSampler.sample: {@code random.sample(range(memory_size), n)}, then
 * {@code x[i].uniform_(0, 1)} with probability memory_init; the caller then augments every drawn chain.)
 */
public final class ReplayBuffer {
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    /**
     * A buffer of {@code size} chains of images shaped {@code image} (C, H, W), uniform noise in [0, 1).
     *
     * @param size  the number of chains
     * @param image (C, H, W) of a chain
     * @param rng   the source of the initial noise
     */
    public ReplayBuffer(int size, ai.djl.ndarray.types.Shape image, SplittableRandom rng) {
        this(size, (int) image.get(0), (int) image.get(1), (int) image.get(2), rng);
    }

    /**
     * A buffer of uniform noise drawn from {@code rng}.
     *
     * @param size     the number of chains
     * @param channels C of a chain
     * @param height   H of a chain
     * @param width    W of a chain
     * @param rng      the source of the initial noise
     */
    public ReplayBuffer(int size, int channels, int height, int width, SplittableRandom rng) {
        if (size <= 0 || channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("replay buffer dimensions must be positive");
        }
        this.size = size;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = new float[Math.multiplyExact(size, imageFloats())];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rng.nextDouble();
        }
    }

    /** @return the number of chains */
    public int size() { return size; }

    private int imageFloats() {
        return channels * height * width;
    }

    /**
     * Indices of the chains drawn for a batch, and which of them restart from noise.
     *
     * @param indices       the drawn chains' indices
     * @param reinitialized for each drawn chain, whether it restarts from noise
     */
    public record Draw(int[] indices, boolean[] reinitialized) {
    }

    /**
     * Chooses {@code batch} distinct chains uniformly (without replacement, Floyd's algorithm, then a shuffle so that
     * every order is equally likely); each restarts with probability {@code reinitProb}.
     *
     * @param batch      the number of chains, at most {@link #size()}
     * @param reinitProb the probability that a drawn chain restarts from noise
     * @param rng        the random stream of the choice
     * @return the draw
     */
    public Draw choose(int batch, double reinitProb, SplittableRandom rng) {
        if (batch > size) {
            throw new IllegalArgumentException("cannot draw " + batch + " distinct chains from a buffer of " + size);
        }
        Set<Integer> chosen = new HashSet<>();
        int[] idx = new int[batch];
        int k = 0;
        for (int j = size - batch; j < size; j++) {
            int candidate = rng.nextInt(j + 1);
            int pick = chosen.add(candidate) ? candidate : j;
            if (pick == j) {
                chosen.add(j);
            }
            idx[k++] = pick;
        }
        for (int i = batch - 1; i > 0; i--) {
            int r = rng.nextInt(i + 1);
            int tmp = idx[i];
            idx[i] = idx[r];
            idx[r] = tmp;
        }
        boolean[] reinit = new boolean[batch];
        for (int i = 0; i < batch; i++) {
            reinit[i] = rng.nextDouble() < reinitProb;
        }
        return new Draw(idx, reinit);
    }

    /**
     * The drawn chains; restarted ones are fresh uniform noise from {@code rng}.
     *
     * @param draw    the chains to read
     * @param manager the manager of the result
     * @param rng     the source of the restarted chains' noise
     * @return the chains (B, C, H, W)
     */
    public NDArray read(Draw draw, NDManager manager, SplittableRandom rng) {
        int n = imageFloats();
        float[] out = new float[draw.indices().length * n];
        for (int i = 0; i < draw.indices().length; i++) {
            if (draw.reinitialized()[i]) {
                for (int j = 0; j < n; j++) {
                    out[i * n + j] = (float) rng.nextDouble();
                }
            } else {
                System.arraycopy(data, draw.indices()[i] * n, out, i * n, n);
            }
        }
        return manager.create(out, new Shape(draw.indices().length, channels, height, width));
    }

    /**
     * Stores sampled chains back at the drawn indices.
     *
     * @param draw   the draw the chains came from
     * @param chains the sampled chains (B, C, H, W), in the draw's order
     */
    public void write(Draw draw, NDArray chains) {
        float[] v = chains.toFloatArray();
        int n = imageFloats();
        if (v.length != draw.indices().length * n) {
            throw new IllegalArgumentException("chains of shape " + chains.getShape() + " do not match the draw");
        }
        for (int i = 0; i < draw.indices().length; i++) {
            System.arraycopy(v, i * n, data, draw.indices()[i] * n, n);
        }
    }

    /**
     * Chains [from, from+count).
     *
     * @param from    the first chain
     * @param count   the number of chains
     * @param manager the manager of the result
     * @return the chains (count, C, H, W)
     */
    public NDArray slice(int from, int count, NDManager manager) {
        int n = imageFloats();
        float[] out = new float[count * n];
        System.arraycopy(data, from * n, out, 0, count * n);
        return manager.create(out, new Shape(count, channels, height, width));
    }

    /** @return the number of bytes {@link #save} writes (what a stored buffer for this one must hold) */
    public long encodedSize() {
        return 4L * Integer.BYTES + (long) Float.BYTES * data.length;
    }

    /**
     * Writes the buffer: its dimensions, then every chain's values.
     *
     * @param out the stream written to
     * @throws IOException when writing fails
     */
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(size);
        out.writeInt(channels);
        out.writeInt(height);
        out.writeInt(width);
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4);
        bb.asFloatBuffer().put(data);
        out.write(bb.array());
    }

    /**
     * Reads a buffer written by {@link #save}; the dimensions must match this buffer's.
     *
     * @param in   the stream read from
     * @param what the stream's source, named in messages
     * @throws IOException when reading fails or the dimensions differ
     */
    public void load(DataInputStream in, String what) throws IOException {
        int s = in.readInt();
        int c = in.readInt();
        int h = in.readInt();
        int w = in.readInt();
        if (s != size || c != channels || h != height || w != width) {
            throw new IOException(what + ": replay buffer is " + s + "x" + c + "x" + h + "x" + w + " but the run expects "
                    + size + "x" + channels + "x" + height + "x" + width);
        }
        byte[] bytes = new byte[data.length * 4];
        in.readFully(bytes);
        ByteBuffer.wrap(bytes).asFloatBuffer().get(data);
    }
}
