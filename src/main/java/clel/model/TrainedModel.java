package clel.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import clel.augment.AugmentationKind;
import clel.config.ClelConfig;
import clel.encoder.EncoderObjective;
import clel.energy.DirectionalProjector;
import clel.energy.EnergyOutput;
import clel.run.Checkpoint;
import clel.run.CheckpointEntry;
import clel.run.FileLoading;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained CLEL model loaded from a checkpoint for use: energies, OOD scores (eq. 14) and latents, by default
 * with the EMA weights (as the paper evaluates). All public methods are synchronized, so one instance can
 * serve many threads (a Java service scoring inputs); each call works in its own memory scope and returns plain
 * Java arrays. Images are float arrays of shape (N, C, H, W) flattened, values in [0, 1].
 */
public final class TrainedModel implements AutoCloseable {
    private final ClelConfig config;
    private final NDManager manager;
    private final ClelNetworks networks;
    private final Path source;

    private TrainedModel(ClelConfig config, NDManager manager, ClelNetworks networks, Path source) {
        this.config = config;
        this.manager = manager;
        this.networks = networks;
        this.source = source;
    }

    /**
     * @param checkpoint a checkpoint written by training; untrusted: its format version, position and stored
     *                   configuration are validated, and its weights must be those of the networks that configuration
     *                   describes ({@link BlockState})
     * @param ema        true for the EMA weights (the paper's evaluation weights), false for the live ones
     * @param device     where the networks live (e.g. {@code Device.cpu()})
     * @return the model; the caller closes it
     * @throws IOException naming the file when it is not such a checkpoint, or too large for the heap
     */
    public static TrainedModel load(Path checkpoint, boolean ema, Device device) throws IOException {
        return FileLoading.guard(checkpoint, () -> read(checkpoint, ema, device));
    }

    private static TrainedModel read(Path checkpoint, boolean ema, Device device) throws IOException {
        Checkpoint ckpt = Checkpoint.read(checkpoint);
        ckpt.meta(checkpoint);
        ClelConfig cfg = ckpt.config(checkpoint);
        EncoderObjective.requireRecorded(cfg, checkpoint);
        if (!cfg.model().hasNormalization()) {
            throw new IOException(checkpoint + ": the stored configuration lacks the input normalization");
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            ClelNetworks nets = ClelNetworks.create(cfg, manager);
            BlockState.load(nets.ebm(), manager, ckpt, CheckpointEntry.ebm(ema).fileName(), checkpoint);
            BlockState.load(nets.encoder(), manager, ckpt, CheckpointEntry.encoder(ema).fileName(), checkpoint);
            return new TrainedModel(cfg, manager, nets, checkpoint);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return the configuration the model was trained with, as stored in its checkpoint */
    public ClelConfig config() { return config; }

    /** @return the checkpoint the model was loaded from */
    public Path source() { return source; }

    /**
     * The networks, for in-process sampling ({@link clel.sampling.ConditionalSampler#of}); not synchronized: callers
     * hold {@link #lock()} while they use them.
     *
     * @return the EBM and the encoder
     */
    public ClelNetworks networks() { return networks; }

    /**
     * The manager of the networks' weights; arrays for sampling belong in a sub-manager of it that the caller closes.
     * Callers hold {@link #lock()} while they use it.
     *
     * @return the model's manager
     */
    public NDManager manager() { return manager; }

    /** @return the lock the synchronized methods hold, for callers of {@link #networks()} and {@link #manager()} */
    public Object lock() { return this; }

    /** @return (C, H, W) of the model's inputs */
    public Shape imageShape() {
        return networks.imageShape();
    }

    /**
     * Marginal energies E(x) (eq. 11).
     *
     * @param images N images, (N, C, H, W) flattened, values in [0, 1]
     * @return the N energies
     */
    public synchronized float[] energy(float[] images) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = toArray(scope, images);
            return networks.ebm().evaluate(new ParameterStore(scope, false), x, false).marginal().toFloatArray();
        }
    }

    /**
     * OOD scores s(x) of eq. (14) with t the identity, as in the public code's example:
     * E(x) - beta g(f(x)/||f(x)||)^T h(x)/||h(x)||; lower = more in-distribution.
     *
     * @param images N images, (N, C, H, W) flattened, values in [0, 1]
     * @param beta   weight of the latent term (the public code's README example: 0.1)
     * @return the N scores
     */
    public float[] oodScore(float[] images, float beta) {
        return oodScore(images, beta, AugmentationKind.NONE);
    }

    /**
     * OOD scores s(x) of eq. (14): E(x) - beta g(f(x)/||f(x)||)^T h(t(x))/||h(t(x))||; lower = more in-distribution.
     *
     * @param images       N images, (N, C, H, W) flattened, values in [0, 1]
     * @param beta         weight of the latent term (the public code's README example: 0.1)
     * @param augmentation t applied before the encoder (none in that example)
     * @return the N scores
     */
    public synchronized float[] oodScore(float[] images, float beta, AugmentationKind augmentation) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = toArray(scope, images);
            ParameterStore ps = new ParameterStore(scope, false);
            EnergyOutput out = networks.ebm().evaluate(ps, x, false);
            NDArray z = networks.encoder().latent(ps, config.augment().augmenter(augmentation).apply(x), false);
            return out.joint(z, beta).toFloatArray();
        }
    }

    /**
     * Encoder latents z = h(x)/||h(x)|| (eq. 9 with t = identity).
     *
     * @param images N images, (N, C, H, W) flattened, values in [0, 1]
     * @return N rows of d values
     */
    public synchronized float[][] latents(float[] images) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = networks.encoder().latent(new ParameterStore(scope, false), toArray(scope, images), false);
            return rows(z);
        }
    }

    /**
     * The features of Appendix E.
     *
     * @param images N images, (N, C, H, W) flattened, values in [0, 1]
     * @return f(x), g(f(x)/||f(x)||) and h(x)/||h(x)||, each N rows of d values
     */
    public synchronized float[][][] features(float[] images) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = toArray(scope, images);
            ParameterStore ps = new ParameterStore(scope, false);
            EnergyOutput out = networks.ebm().evaluate(ps, x, false);
            NDArray h = networks.encoder().latent(ps, x, false);
            return new float[][][] {rows(out.features()), rows(DirectionalProjector.unitRows(out.direction())), rows(h)};
        }
    }

    private static float[][] rows(NDArray a) {
        int n = (int) a.getShape().get(0);
        int d = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    private NDArray toArray(NDManager scope, float[] images) {
        Shape img = imageShape();
        long per = img.size();
        if (images.length == 0 || images.length % per != 0) {
            throw new IllegalArgumentException("expected a whole number of " + img + " images, got " + images.length + " values");
        }
        return scope.create(images, new Shape(images.length / per, img.get(0), img.get(1), img.get(2)));
    }

    @Override
    public synchronized void close() {
        manager.close();
    }
}
