package clel.evaluation;

import clel.io.AtomicFileWriter;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Running mean and covariance of feature vectors, accumulated in double precision: the Gaussian
 * (mu, Sigma) that the Frechet distance (FID) compares.
 *
 * <p>Feature batches of shape (B, D) arrive as row-major floats. Each batch is centred on its own mean
 * (two-pass within the batch, in double) and combined with the running state by the parallel update of
 * Chan et al.: {@code M2 = M2_a + M2_b + delta delta^T n_a n_b / n}, {@code mean = mean_a + delta n_b / n},
 * which is the batched form of Welford's algorithm. {@link #reset()} returns to the exact initial state, so
 * one instance can serve several evaluations without leaking features between them.
 *
 * <p>Serializable, so that partial statistics of disjoint feature sets can be computed on several machines and
 * combined with {@link #merge(GaussianStatistics)} (the distributed FD of the clel-spark module).
 *
 * <p>Not thread-safe. Statistics can be cached with {@link #save(Path)} / {@link #load(Path)} (a small binary
 * file: magic {@code CLELGAUS}, version, D, n, mean[D], M2[D*D], big-endian doubles, written atomically).
 */
public final class GaussianStatistics implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte[] MAGIC = "CLELGAUS".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 8 + 4 + 4 + 8;

    private final int dimension;
    private long count;
    private final double[] mean;
    /** Sum of outer products of centred rows, D x D row-major; only the upper triangle is maintained. */
    private final double[] m2;

    /**
     * @param dimension D, the feature dimension (positive)
     * @throws IllegalArgumentException if {@code dimension < 1} or D*D exceeds an array
     */
    public GaussianStatistics(int dimension) {
        if (dimension < 1 || (long) dimension * dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("GaussianStatistics: dimension must be in [1, 46340], got " + dimension);
        }
        this.dimension = dimension;
        this.mean = new double[dimension];
        this.m2 = new double[dimension * dimension];
    }

    /** @return D, the feature dimension */
    public int dimension() {
        return dimension;
    }

    /** @return n, the number of feature vectors accumulated since construction or the last reset */
    public long count() {
        return count;
    }

    /** Forgets every accumulated vector: afterwards the state equals that of a new instance. */
    public void reset() {
        count = 0;
        Arrays.fill(mean, 0.0);
        Arrays.fill(m2, 0.0);
    }

    /**
     * Adds a batch of feature vectors.
     *
     * @param features row-major (rows, D) floats, all finite
     * @param rows     B, the number of vectors (0 is a no-op)
     * @throws IllegalArgumentException if {@code features.length != rows * D} or a value is not finite
     */
    public void add(float[] features, int rows) {
        if (features == null) {
            throw new IllegalArgumentException("GaussianStatistics.add: features must not be null");
        }
        if (rows < 0 || (long) rows * dimension != features.length) {
            throw new IllegalArgumentException("GaussianStatistics.add: expected " + rows + " x " + dimension
                    + " = " + ((long) rows * dimension) + " values, got " + features.length);
        }
        if (rows == 0) {
            return;
        }
        int d = dimension;
        double[] batchMean = new double[d];
        for (int r = 0; r < rows; r++) {
            int off = r * d;
            for (int i = 0; i < d; i++) {
                float v = features[off + i];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("GaussianStatistics.add: feature [" + r + ", " + i
                            + "] is not finite (" + v + ")");
                }
                batchMean[i] += v;
            }
        }
        for (int i = 0; i < d; i++) {
            batchMean[i] /= rows;
        }
        double[] delta = new double[d];
        for (int i = 0; i < d; i++) {
            delta[i] = batchMean[i] - mean[i];
        }
        double[] centred = new double[d];
        for (int r = 0; r < rows; r++) {
            int off = r * d;
            for (int i = 0; i < d; i++) {
                centred[i] = features[off + i] - batchMean[i];
            }
            addOuterUpper(centred, 1.0);
        }
        combine(rows, batchMean, delta);
    }

    /**
     * Adds a batch of feature vectors given as rows.
     *
     * @param rows B rows of length D
     * @throws IllegalArgumentException if a row has the wrong length or a value is not finite
     */
    public void add(float[][] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("GaussianStatistics.add: rows must not be null");
        }
        float[] flat = new float[Math.multiplyExact(rows.length, dimension)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != dimension) {
                throw new IllegalArgumentException("GaussianStatistics.add: row " + r + " has length "
                        + (rows[r] == null ? "null" : rows[r].length) + ", expected " + dimension);
            }
            System.arraycopy(rows[r], 0, flat, r * dimension, dimension);
        }
        add(flat, rows.length);
    }

    /**
     * Adds every vector accumulated by {@code other} (which is left unchanged), as if its batches had been
     * added here.
     *
     * @param other statistics of the same dimension
     * @throws IllegalArgumentException if the dimensions differ
     */
    public void merge(GaussianStatistics other) {
        if (other == null || other.dimension != dimension) {
            throw new IllegalArgumentException("GaussianStatistics.merge: dimension "
                    + (other == null ? "null" : other.dimension) + " does not match " + dimension);
        }
        if (other.count == 0) {
            return;
        }
        if (other == this) {
            merge(copy());
            return;
        }
        double[] delta = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            delta[i] = other.mean[i] - mean[i];
        }
        for (int i = 0; i < dimension; i++) {
            int row = i * dimension;
            for (int j = i; j < dimension; j++) {
                m2[row + j] += other.m2[row + j];
            }
        }
        combine(other.count, other.mean, delta);
    }

    /** @return an independent copy of this state */
    public GaussianStatistics copy() {
        GaussianStatistics c = new GaussianStatistics(dimension);
        c.count = count;
        System.arraycopy(mean, 0, c.mean, 0, dimension);
        System.arraycopy(m2, 0, c.m2, 0, m2.length);
        return c;
    }

    /**
     * @return mu, the mean vector of length D
     * @throws IllegalStateException if nothing has been accumulated
     */
    public double[] mean() {
        if (count < 1) {
            throw new IllegalStateException("GaussianStatistics: mean of zero vectors is undefined");
        }
        return mean.clone();
    }

    /**
     * @return Sigma, the unbiased sample covariance (divided by n - 1, as numpy.cov), D x D, exactly symmetric
     * @throws IllegalStateException if fewer than two vectors have been accumulated
     */
    public double[][] covariance() {
        if (count < 2) {
            throw new IllegalStateException("GaussianStatistics: covariance needs at least 2 vectors, have " + count);
        }
        double[][] c = new double[dimension][dimension];
        double denom = count - 1.0;
        for (int i = 0; i < dimension; i++) {
            int row = i * dimension;
            for (int j = i; j < dimension; j++) {
                double v = m2[row + j] / denom;
                c[i][j] = v;
                c[j][i] = v;
            }
        }
        return c;
    }

    /**
     * Saves the state atomically (temporary file, then move).
     *
     * @param file target file
     * @throws IOException naming the file on failure
     */
    public void save(Path file) throws IOException {
        AtomicFileWriter.write(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.write(MAGIC);
            data.writeInt(VERSION);
            data.writeInt(dimension);
            data.writeLong(count);
            for (double v : mean) {
                data.writeDouble(v);
            }
            for (int i = 0; i < dimension; i++) {
                for (int j = 0; j < dimension; j++) {
                    // store the full symmetric matrix
                    data.writeDouble(j >= i ? m2[i * dimension + j] : m2[j * dimension + i]);
                }
            }
            data.flush();
        });
    }

    /**
     * Loads statistics written by {@link #save(Path)}.
     *
     * @param file file to read
     * @return the statistics
     * @throws IOException naming the file if it is missing, not such a file, of another version, or truncated
     */
    public static GaussianStatistics load(Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "Gaussian statistics file not found");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream data = new DataInputStream(in);
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a Gaussian statistics file (bad magic)");
            }
            int version = data.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": unsupported Gaussian statistics version " + version
                        + " (expected " + VERSION + ")");
            }
            int dim = data.readInt();
            long count = data.readLong();
            if (dim < 1 || (long) dim * dim > Integer.MAX_VALUE - 8 || count < 0) {
                throw new IOException(file + ": invalid header (dimension " + dim + ", count " + count + ")");
            }
            long expected = HEADER_BYTES + 8L * dim + 8L * dim * dim;
            if (size != expected) {
                throw new IOException(file + ": " + (size < expected ? "truncated" : "has trailing data")
                        + ": " + size + " bytes, expected " + expected + " for dimension " + dim);
            }
            GaussianStatistics s = new GaussianStatistics(dim);
            s.count = count;
            for (int i = 0; i < dim; i++) {
                s.mean[i] = data.readDouble();
            }
            for (int k = 0; k < dim * dim; k++) {
                s.m2[k] = data.readDouble();
            }
            return s;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated Gaussian statistics file (" + size + " bytes)", e);
        }
    }

    /** m2 += weight * v v^T (upper triangle). */
    private void addOuterUpper(double[] v, double weight) {
        int d = dimension;
        for (int i = 0; i < d; i++) {
            double vi = v[i] * weight;
            if (vi == 0.0) {
                continue;
            }
            int row = i * d;
            for (int j = i; j < d; j++) {
                m2[row + j] += vi * v[j];
            }
        }
    }

    /**
     * Finishes merging a group of {@code nb} vectors with mean {@code meanB} whose own M2 has already been
     * added to {@link #m2}; {@code delta = meanB - mean}.
     */
    private void combine(long nb, double[] meanB, double[] delta) {
        long na = count;
        long n = na + nb;
        if (na == 0) {
            System.arraycopy(meanB, 0, mean, 0, dimension);
        } else {
            addOuterUpper(delta, (double) na * nb / n);
            for (int i = 0; i < dimension; i++) {
                mean[i] += delta[i] * nb / n;
            }
        }
        count = n;
    }
}
