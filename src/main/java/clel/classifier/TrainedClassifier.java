package clel.classifier;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.model.BlockState;
import clel.run.Checkpoint;
import clel.run.FileLoading;
import clel.run.Versions;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A trained external classifier ready for inference: the network in evaluation mode (BatchNorm running
 * statistics) with its {@link ClassifierMetadata}. Owns an NDManager: close it when done.
 *
 * <p>Every inference method takes images (N, C, H, W) float32 in [0, 1] of the classifier's C x H x W (as
 * {@link BatchSampler#toNDArray} and the samplers produce), processes them in chunks of {@link #CHUNK} and
 * returns Java arrays; the input array is not modified or closed.
 *
 * <p><b>File format</b> (the zip container of {@link Checkpoint}, written atomically): {@code meta.properties}
 * ({@code kind=classifier}, {@code format_version}, library versions, creation time), {@code classifier.properties}
 * ({@link ClassifierMetadata#toProperties()}) and {@code classifier.params} (the network's parameters and
 * BatchNorm statistics, {@link BlockState}).
 */
public final class TrainedClassifier implements AutoCloseable {
    /** Value of {@code kind} in a classifier file's meta.properties. */
    public static final String KIND = "classifier";
    /** Bumped whenever the classifier file layout changes. */
    public static final int FORMAT_VERSION = 1;
    /** Entry holding {@link ClassifierMetadata#toProperties()}. */
    public static final String DESCRIPTION_ENTRY = "classifier.properties";
    /** Entry holding the parameters. */
    public static final String PARAMETERS_ENTRY = "classifier.params";
    /** Images per forward pass during inference. */
    public static final int CHUNK = 500;

    private final ClassifierMetadata metadata;
    private final ImageClassifier network;
    private final NDManager manager;

    /** Takes ownership of {@code manager}, which holds the network's parameters. */
    TrainedClassifier(ClassifierMetadata metadata, ImageClassifier network, NDManager manager) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.network = Objects.requireNonNull(network, "network");
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    /** Where the network's parameters live, and where inference computes. */
    public Device device() {
        return manager.getDevice();
    }

    public ClassifierMetadata metadata() {
        return metadata;
    }

    public ClassifierConfig config() {
        return metadata.config();
    }

    public ClassifierTarget target() {
        return metadata.config().target();
    }

    /** The K class or attribute names of the outputs. */
    public List<String> outputNames() {
        return metadata.outputNames();
    }

    /** F, the length of {@link #features} rows. */
    public int featureDim() {
        return network.featureDim();
    }

    /** The network (for callers that need gradients or custom forwards; do not close its parameters). */
    public ImageClassifier network() {
        return network;
    }

    /**
     * The most probable class of each image (argmax of the logits).
     *
     * @param images (N, C, H, W) in [0, 1]
     * @return N class indices into {@code metadata().classNames()}
     * @throws IllegalStateException when this classifier predicts attributes
     */
    public int[] predict(NDArray images) {
        requireTarget(ClassifierTarget.CLASSES, "predict classes");
        float[][] p = probabilities(images);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = argmax(p[i]);
        }
        return out;
    }

    /**
     * Class probabilities (softmax; rows sum to 1) or attribute probabilities (independent sigmoids).
     *
     * @param images (N, C, H, W) in [0, 1]
     * @return N rows of K probabilities
     */
    public float[][] probabilities(NDArray images) {
        return run(images, (ps, x) -> target().probabilities(network.forward(ps, new ai.djl.ndarray.NDList(x), false)
                .singletonOrThrow()));
    }

    /**
     * Which attributes each image has (probability above 0.5).
     *
     * @param images (N, C, H, W) in [0, 1]
     * @return N rows of K flags, in the order of {@code metadata().attributeNames()}
     * @throws IllegalStateException when this classifier predicts classes
     */
    public boolean[][] predictAttributes(NDArray images) {
        requireTarget(ClassifierTarget.ATTRIBUTES, "predict attributes");
        float[][] p = probabilities(images);
        boolean[][] out = new boolean[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = new boolean[p[i].length];
            for (int a = 0; a < p[i].length; a++) {
                out[i][a] = p[i][a] > 0.5f;
            }
        }
        return out;
    }

    /**
     * The penultimate features (global average pool of the last stage), for FID-style scores computed with the
     * project's own feature extractor.
     *
     * @param images (N, C, H, W) in [0, 1]
     * @return N rows of F values
     */
    public float[][] features(NDArray images) {
        return run(images, (ps, x) -> network.features(ps, x, false));
    }

    /**
     * Scores the classifier on a labelled image set (e.g. the held-out split).
     *
     * @throws IllegalArgumentException when the set's image size or class/attribute names differ
     */
    public ClassifierEvaluation evaluate(ImageSet set) {
        metadata.checkCompatible(set);
        int n = set.count();
        int k = outputNames().size();
        float[][] probs = new float[n][];
        for (int start = 0; start < n; start += CHUNK) {
            int end = Math.min(n, start + CHUNK);
            int[] idx = new int[end - start];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            try (NDManager sub = manager.newSubManager()) {
                float[][] part = probabilities(BatchSampler.toNDArray(sub, set, idx));
                System.arraycopy(part, 0, probs, start, part.length);
            }
        }
        if (target() == ClassifierTarget.CLASSES) {
            int[] predicted = new int[n];
            for (int i = 0; i < n; i++) {
                predicted[i] = argmax(probs[i]);
            }
            long[][] m = ConfusionMatrix.of(set.labels(), predicted, k);
            return new ClassifierEvaluation(target(), outputNames(), n, ConfusionMatrix.accuracy(m), m,
                    ConfusionMatrix.recall(m));
        }
        double[] acc = new double[k];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                if ((probs[i][a] > 0.5f) == (set.attribute(i, a) == 1)) {
                    acc[a]++;
                }
            }
        }
        double mean = 0;
        for (int a = 0; a < k; a++) {
            acc[a] /= n;
            mean += acc[a] / k;
        }
        return new ClassifierEvaluation(target(), outputNames(), n, mean, new long[0][0], acc);
    }

    /** Writes the classifier file atomically (see the class comment for the layout). */
    public void save(Path file) throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        Properties meta = new Properties();
        meta.setProperty("kind", KIND);
        meta.setProperty("format_version", String.valueOf(FORMAT_VERSION));
        meta.setProperty("clel_version", Versions.CLEL);
        meta.setProperty("djl_version", Versions.djl());
        meta.setProperty("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        meta.setProperty("created", Instant.now().toString());
        e.put(Checkpoint.META, bytes(meta, "clel external classifier"));
        e.put(DESCRIPTION_ENTRY, bytes(metadata.toProperties(), "classifier description"));
        e.put(PARAMETERS_ENTRY, BlockState.save(network));
        new Checkpoint(e).write(file);
    }

    /**
     * Reads a classifier file written by {@link #save}. Loading draws no random numbers (the engine's random
     * state is left as it was).
     *
     * @param device where the network's parameters and every inference array live
     * @throws IOException naming the file when it is missing, corrupt, truncated, of another kind (e.g. an EBM
     *                     checkpoint), of an unsupported format version, describes a network beyond the limits of
     *                     {@link ClassifierConfig} and {@link ClassifierMetadata}, holds parameters of another network,
     *                     or is too large for the heap
     */
    public static TrainedClassifier load(Path file, Device device) throws IOException {
        return FileLoading.guard(file, () -> read(file, device));
    }

    /** {@link #load(Path, Device)} on the CPU. */
    public static TrainedClassifier load(Path file) throws IOException {
        return load(file, Device.cpu());
    }

    private static TrainedClassifier read(Path file, Device device) throws IOException {
        Checkpoint c = Checkpoint.read(file);
        Properties meta = properties(c.require(Checkpoint.META, file), file + " entry " + Checkpoint.META);
        String kind = meta.getProperty("kind");
        if (!KIND.equals(kind)) {
            throw new IOException(file + ": not a classifier file (" + (kind == null ? "a clel training checkpoint"
                    : "kind '" + kind + "'") + "); train one with 'clel classifier train'");
        }
        String version = meta.getProperty("format_version");
        if (!String.valueOf(FORMAT_VERSION).equals(version)) {
            throw new IOException(file + ": classifier format version " + version + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        String what = file + " entry " + DESCRIPTION_ENTRY;
        ClassifierMetadata metadata = ClassifierMetadata.fromProperties(properties(c.require(DESCRIPTION_ENTRY, file),
                what), what);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            ImageClassifier network = metadata.newNetwork();
            network.setInitializer(Initializer.ZEROS, p -> true); // no random draws: the values are replaced below
            network.initialize(manager, DataType.FLOAT32, new Shape(1, metadata.channels(), metadata.height(),
                    metadata.width()));
            BlockState.load(network, manager, c, PARAMETERS_ENTRY, file);
            return new TrainedClassifier(metadata, network, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    private interface Forward {
        NDArray apply(ParameterStore ps, NDArray x);
    }

    /** Runs {@code f} over chunks of the images in evaluation mode and gathers the (chunk, D) results as rows. */
    private float[][] run(NDArray images, Forward f) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != metadata.channels() || s.get(2) != metadata.height()
                || s.get(3) != metadata.width()) {
            throw new IllegalArgumentException("classifier: images must be (N, " + metadata.channels() + ", "
                    + metadata.height() + ", " + metadata.width() + "), got " + s);
        }
        if (images.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("classifier: images must be float32 in [0, 1], got " + images.getDataType());
        }
        int n = (int) s.get(0);
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += CHUNK) {
            int end = Math.min(n, start + CHUNK);
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = images.get(new NDIndex(start + ":" + end));
                x.attach(sub);
                if (!x.getDevice().equals(manager.getDevice())) { // images from elsewhere: computed on this device
                    x = x.toDevice(manager.getDevice(), false);
                }
                ParameterStore ps = new ParameterStore(sub, false);
                NDArray y = f.apply(ps, x);
                int d = (int) y.getShape().get(1);
                float[] flat = y.toFloatArray();
                for (int i = 0; i < end - start; i++) {
                    out[start + i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                }
            }
        }
        return out;
    }

    private void requireTarget(ClassifierTarget needed, String action) {
        if (target() != needed) {
            throw new IllegalStateException("cannot " + action + " with a classifier trained on "
                    + target().configName() + " of " + metadata.dataName());
        }
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    private static byte[] bytes(Properties p, String comment) {
        StringWriter w = new StringWriter();
        try {
            p.store(w, comment);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Properties properties(byte[] b, String what) throws IOException {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(b, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new IOException(what + ": malformed properties (" + e.getMessage() + ")");
        }
        return p;
    }
}
