package clel.evaluation;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import clel.io.FileChecksum;
import clel.torchscript.TorchScriptFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The standard FID Inception-v3 network (TensorFlow's 2015-12-05 graph) from a local TorchScript file: NVIDIA's
 * {@code inception-2015-12-05.pt}, the file StyleGAN2-ADA, StyleGAN3 and clean-fid use. Its pool features give FID
 * (2,048 per image) and its class probabilities the Inception Score (1,008 classes, computed without the output
 * bias as the original IS code). clel does not download it; docs/experiments.md says where to get it.
 *
 * <p>Calling convention of the file: {@code forward(img, return_features, use_fp16, no_output_bias)} with
 * {@code img} an (N, 3, H, W) uint8 tensor in [0, 255]; the network resizes to 299 x 299 and normalizes inside.
 * Images in [0, 1] are quantized as the saved samples are ({@link clel.sampling.ImageBytes}: floor(256 x),
 * clamped); one-channel images are repeated to three.
 *
 * <p>A TorchScript file is a program. {@link #load} runs only a file the user named, and only after reading it without
 * running it ({@link TorchScriptFile}): code that reaches files, processes or the network is refused, and so is a file
 * without the FID Inception network's structure ({@link #requireFidStructure}). It then checks the outputs' shapes on a
 * probe batch, so that a file with another convention is refused with a one-line error rather than producing wrong
 * numbers.
 *
 * <p>Not thread-safe; one instance per thread.
 */
public final class InceptionNetwork implements FeatureExtractor, AutoCloseable {
    /** Width of the pool features (FID). */
    public static final int FEATURES = 2048;
    /** Number of classes of the probability output (IS). */
    public static final int CLASSES = 1008;
    /** Images per forward call when none is given: bounds the 299 x 299 activations to about 1.5 GB. */
    public static final int DEFAULT_BATCH = 25;

    private static final String WHAT = "NVIDIA's inception-2015-12-05.pt; docs/experiments.md says where to get it";
    private static final List<String> FORWARD_PARAMETERS = List.of("img", "return_features", "use_fp16", "no_output_bias");
    private static final List<Map.Entry<String, long[]>> OUTPUT_LAYER = List.of(
            Map.entry("output.weight", new long[] {CLASSES, FEATURES}), Map.entry("output.bias", new long[] {CLASSES}));

    private final Model model;
    private final PtSymbolBlock block;
    private final PtNDManager manager;
    private final String name;
    private final int batch;

    private InceptionNetwork(Model model, String name, int batch) {
        this.model = model;
        this.block = (PtSymbolBlock) model.getBlock();
        this.manager = (PtNDManager) model.getNDManager();
        this.name = name;
        this.batch = batch;
    }

    /**
     * Loads and checks a TorchScript Inception file on the device of {@code device}.
     *
     * @param file  the TorchScript file (e.g. inception-2015-12-05.pt)
     * @param like  a manager whose device the network runs on
     * @param batch images per forward call (memory grows linearly with it)
     * @throws IllegalArgumentException (one line, naming the file) when the file is missing, not TorchScript, refused
     *                                  by the checks above, or does not have the FID Inception network's outputs
     */
    public static InceptionNetwork load(Path file, NDManager like, int batch) throws IOException {
        if (batch <= 0) {
            throw new IllegalArgumentException("Inception batch must be positive, got " + batch);
        }
        requireFidStructure(TorchScriptFile.inspect(file, WHAT));
        Model model = Model.newInstance("inception", like.getDevice(), "PyTorch");
        try {
            model.load(file, null, Map.of("mapLocation", "true"));
        } catch (MalformedModelException | EngineException | IOException e) {
            model.close();
            throw new IllegalArgumentException(file + ": cannot be loaded as TorchScript: " + firstLine(e));
        }
        InceptionNetwork net = new InceptionNetwork(model, String.format("inception-%08x", FileChecksum.crc32(file)), batch);
        try {
            net.probe(file);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    /**
     * Recognises the FID Inception network by the structure of its file, before anything in it runs: the calling
     * convention of its forward and the layout of NVIDIA's inception-2015-12-05.pt, a trunk "layers" giving 2,048 pool
     * features and an "output" layer to 1,008 classes (weight 1008 x 2048, bias 1008).
     *
     * @throws IllegalArgumentException one line naming the file and what differs
     */
    static void requireFidStructure(TorchScriptFile f) {
        String not = f.file() + ": is not the FID Inception network (" + WHAT + "): ";
        if (!f.forwardParameters().equals(FORWARD_PARAMETERS)) {
            throw new IllegalArgumentException(not + "its forward takes (" + String.join(", ", f.forwardParameters())
                    + "), not (" + String.join(", ", FORWARD_PARAMETERS) + ")");
        }
        if (!f.hasModule("layers")) {
            throw new IllegalArgumentException(not + "it has no module 'layers' (the network's trunk)");
        }
        for (Map.Entry<String, long[]> expected : OUTPUT_LAYER) {
            long[] found = f.tensor(expected.getKey()).orElse(null);
            if (!Arrays.equals(found, expected.getValue())) {
                throw new IllegalArgumentException(not + (found == null ? "it has no tensor " + expected.getKey()
                        : expected.getKey() + " is " + Arrays.toString(found)) + ", expected "
                        + Arrays.toString(expected.getValue()) + " (the output layer from " + FEATURES + " features to "
                        + CLASSES + " classes)");
            }
        }
    }

    /** Loads with {@link #DEFAULT_BATCH} images per forward call. */
    public static InceptionNetwork load(Path file, NDManager like) throws IOException {
        return load(file, like, DEFAULT_BATCH);
    }

    /** Runs two small images and checks that features are (2, 2048) and probabilities (2, 1008) rows of sum 1. */
    private void probe(Path file) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray probe = scope.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            float[][] f;
            double[][] p;
            try {
                f = features(probe);
                p = probabilities(probe, true);
            } catch (EngineException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": is not the FID Inception network: forward(img, "
                        + "return_features, use_fp16, no_output_bias) failed: " + firstLine(e));
            }
            if (f.length != 2 || f[0].length != FEATURES) {
                throw new IllegalArgumentException(file + ": is not the FID Inception network: return_features=True "
                        + "gave " + f.length + " x " + f[0].length + " features for 2 images, expected 2 x " + FEATURES);
            }
            if (p.length != 2 || p[0].length != CLASSES) {
                throw new IllegalArgumentException(file + ": is not the FID Inception network: the probability "
                        + "output is " + p.length + " x " + p[0].length + " for 2 images, expected 2 x " + CLASSES);
            }
            for (double[] row : p) {
                double sum = Arrays.stream(row).sum();
                if (Math.abs(sum - 1) > 1e-3) {
                    throw new IllegalArgumentException(file + ": is not the FID Inception network: its class "
                            + "probabilities sum to " + sum + ", not 1");
                }
            }
        }
    }

    /** "inception-&lt;crc32 of the file&gt;": reference statistics are cached per file. */
    @Override
    public String name() {
        return name;
    }

    /** FID: the Frechet distance in this network's pool features. */
    @Override
    public String metricName() {
        return "FID";
    }

    /**
     * Pool features of FID.
     *
     * @param images (B, C, H, W) in [0, 1], C = 1 or 3
     * @return (B, 2048)
     */
    @Override
    public float[][] features(NDArray images) {
        return run(images, true, false);
    }

    /**
     * Class probabilities p(y|x) for the Inception Score.
     *
     * @param images         (B, C, H, W) in [0, 1], C = 1 or 3
     * @param noOutputBias   drop the output layer's bias, as the original IS implementation (true for IS)
     * @return (B, 1008), rows summing to 1
     */
    public double[][] probabilities(NDArray images, boolean noOutputBias) {
        float[][] p = run(images, false, noOutputBias);
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = new double[p[i].length];
            for (int j = 0; j < p[i].length; j++) {
                out[i][j] = p[i][j];
            }
        }
        return out;
    }

    /** Runs the network on {@code batch}-sized slices; one output row per image. */
    private float[][] run(NDArray images, boolean returnFeatures, boolean noOutputBias) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || (shape.get(1) != 1 && shape.get(1) != 3)) {
            throw new IllegalArgumentException("Inception input must be (B, 1 or 3, H, W) images, got " + shape);
        }
        int n = (int) shape.get(0);
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            try (NDManager scope = manager.newSubManager()) {
                NDArray slice = images.get(from + ":" + to);
                slice.attach(scope);
                slice = slice.toDevice(manager.getDevice(), false);
                slice.attach(scope);
                if (shape.get(1) == 1) {
                    slice = slice.repeat(1, 3);
                }
                NDArray bytes = slice.mul(256f).floor().clip(0f, 255f).toType(DataType.UINT8, false);
                IValue[] in = {IValue.from((PtNDArray) bytes), IValue.from(returnFeatures), IValue.from(false),
                        IValue.from(noOutputBias)};
                IValue result = block.forward(in);
                try {
                    NDArray raw = result.toTensor((PtNDManager) scope);
                    if (raw.getDataType() != DataType.FLOAT32) {
                        // use_fp16 is passed as false: a half-precision result means the file orders its flags
                        // differently from (return_features, use_fp16, no_output_bias)
                        throw new IllegalArgumentException("the Inception network returned " + raw.getDataType()
                                + " for use_fp16=false; expected float32 (a file with another argument order?)");
                    }
                    Shape rs = raw.getShape();
                    int rows = to - from;
                    if (rs.dimension() != 2 || rs.get(0) != rows) {
                        throw new IllegalArgumentException("the Inception network returned shape " + rs + " for "
                                + rows + " images; expected (" + rows + ", width)");
                    }
                    int width = (int) rs.get(1);
                    if (from > 0 && width != out[0].length) {
                        throw new IllegalArgumentException("the Inception network's output width changed from "
                                + out[0].length + " to " + width);
                    }
                    float[] flat = raw.toDevice(ai.djl.Device.cpu(), false).toFloatArray();
                    for (int i = 0; i < rows; i++) {
                        out[from + i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
                    }
                } finally {
                    result.close();
                    for (IValue v : in) {
                        v.close();
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
