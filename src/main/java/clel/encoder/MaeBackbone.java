package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import clel.io.FileChecksum;
import clel.io.UserPaths;
import clel.torchscript.TorchScriptFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The frozen pretrained MAE encoder of Appendix C (step 1: an MAE with its decoder removed, the paper a public ViT-tiny;
 * step 2: frozen), loaded from a TorchScript file ({@link MaeSettings#encoder}, encoder_objectives.mae.encoder).
 *
 * <p><b>The file's contract.</b> {@code forward(x: Tensor) -> Tensor} with {@code x} a float32 tensor (N, C, H, W)
 * holding the images exactly as clel's networks receive them: values in [0, 1], C = model.channels, H = W =
 * model.image_size. It returns float32 features (N, D), one row per image, D the encoder's width (192 for ViT-tiny).
 * Everything the pretrained encoder needs besides happens inside the file: resizing to its resolution (224 x 224),
 * ImageNet mean/std normalization, and reducing tokens to one vector (CLS token or mean of patch tokens).
 * {@code bench/export_mae_torchscript.py} writes such a file from a ViT MAE checkpoint. {@link #load} reads the file
 * without running it first ({@link TorchScriptFile}: code that reaches files, processes or the network is refused), then
 * runs a probe batch and refuses, in one line naming the file, anything that does not load or does not keep to this
 * contract.
 *
 * <p><b>Which file runs.</b> Only one the user named: in their configuration or on the command line, recorded with its
 * SHA-256 by {@link #pin}. A checkpoint's stored path is used only with the digest recorded at training
 * ({@link #requireRecorded}); {@link #load} refuses a file without a recorded digest or with another one.
 *
 * <p><b>Frozen.</b> Its parameters never require a gradient and it runs in eval mode under torch's inference mode, so
 * no gradient reaches it. It is no child block of {@link MaeEncoder}: no optimizer, EMA or checkpoint sees its weights.
 * Checkpoints identify it by the file's SHA-256 (encoder_objectives.mae.encoder_sha256, recorded by {@link #pin}); a
 * file with another digest is refused. The module lives in the manager it was loaded into and is freed with it.
 */
public final class MaeBackbone {
    private static final String HELP = "docs/mae.md says how to make one";
    private static final int PROBE_IMAGES = 2;

    private final PtSymbolBlock module;
    private final Path file;
    private final String sha256;
    private final int width;

    private MaeBackbone(PtSymbolBlock module, Path file, String sha256, int width) {
        this.module = module;
        this.file = file;
        this.sha256 = sha256;
        this.width = width;
    }

    /**
     * Loads, freezes and checks the file.
     *
     * @param file           the TorchScript file
     * @param expectedSha256 its recorded SHA-256 (64 hex digits; {@link #pin} records it for a file the user names)
     * @param manager        a PyTorch manager that owns the module from now on
     * @param image          (C, H, W) of the images it will receive
     * @throws IllegalArgumentException one line naming the file: no digest recorded, missing, another digest, not
     *                                  TorchScript, refused by {@link TorchScriptFile#inspect}, or a forward that breaks
     *                                  the contract
     */
    public static MaeBackbone load(Path file, String expectedSha256, NDManager manager, Shape image) {
        if (expectedSha256.isEmpty()) {
            throw new IllegalArgumentException(file + ": no SHA-256 is recorded for this frozen MAE encoder "
                    + "(" + MaeSettings.SECTION + ".encoder_sha256 is empty); clel runs a TorchScript file named in a "
                    + "configuration only with the digest recorded when the user named it");
        }
        String sha = verifiedSha256(file, expectedSha256);
        if (!(manager instanceof PtNDManager pt)) {
            throw new IllegalArgumentException(file + ": a TorchScript MAE encoder needs DJL's PyTorch engine, not "
                    + manager.getEngine().getEngineName());
        }
        TorchScriptFile inspected = TorchScriptFile.inspect(file, "the frozen MAE encoder as TorchScript; " + HELP);
        if (inspected.forwardParameters().size() != 1) {
            throw new IllegalArgumentException(file + ": its forward takes (" + String.join(", ",
                    inspected.forwardParameters()) + "), not one tensor of images (forward(x)); " + HELP);
        }
        PtSymbolBlock module;
        try {
            module = JniUtils.loadModule(pt, file, true, new String[0], new String[0], false);
        } catch (RuntimeException e) { // the engine's report on a foreign file
            throw new IllegalArgumentException(file + ": cannot be loaded as TorchScript: " + firstLine(e));
        }
        try {
            module.freezeParameters(true);
            return new MaeBackbone(module, file, sha, probe(module, file, manager, image));
        } catch (RuntimeException e) {
            module.close();
            throw e;
        }
    }

    /**
     * The settings with the file made absolute and its SHA-256 recorded (checked when one was given); the settings
     * themselves when they name no file. Only for a configuration the user gives (a file or the command line): the file
     * it names is the user's choice. Training calls it once ({@link MaeObjective#pin}), so that its checkpoints name
     * the file.
     *
     * @param settings the objective's settings
     * @return them pinned
     * @throws IllegalArgumentException one line naming the file: missing, unreadable or another digest
     */
    public static MaeSettings pin(MaeSettings settings) {
        if (!settings.hasEncoder()) {
            return settings;
        }
        Path file = Path.of(settings.encoder()).toAbsolutePath().normalize();
        return new MaeSettings(file.toString(), verifiedSha256(file, settings.encoderSha256()));
    }

    /**
     * The rule for the settings stored in a checkpoint, checked before anything else of it is used: a checkpoint never
     * chooses which TorchScript file runs. Its file, if set, must be the absolute path training recorded, with the
     * SHA-256 recorded with it ({@link #load} then runs the file only if it still has that digest); a relative path
     * (which would be found from the current folder) or an empty digest is refused.
     *
     * @param settings   the stored settings
     * @param checkpoint the checkpoint, named in the message
     * @throws IllegalArgumentException one line naming the checkpoint and the stored path
     */
    public static void requireRecorded(MaeSettings settings, Path checkpoint) {
        if (!settings.hasEncoder()) {
            return;
        }
        String stored = "its stored " + MaeSettings.SECTION + ".encoder '" + settings.encoder() + "'";
        if (settings.encoderSha256().isEmpty()) {
            throw new IllegalArgumentException(checkpoint + ": " + stored + " has no SHA-256 (" + MaeSettings.SECTION
                    + ".encoder_sha256 is empty); clel runs a checkpoint's TorchScript file only when it matches the "
                    + "digest recorded at training, so this checkpoint is refused");
        }
        if (!Path.of(settings.encoder()).isAbsolute()) {
            throw new IllegalArgumentException(checkpoint + ": " + stored + " is a relative path, which would name a "
                    + "file of the current folder; training records an absolute one, so this checkpoint is refused");
        }
    }

    private static String verifiedSha256(Path file, String expected) {
        UserPaths.requireRegularFile(file, MaeSettings.SECTION + ".encoder, the frozen MAE encoder as TorchScript; "
                + HELP);
        String sha;
        try {
            sha = FileChecksum.sha256(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (!expected.isEmpty() && !expected.equals(sha)) {
            throw new IllegalArgumentException(file + ": SHA-256 " + sha + " differs from " + MaeSettings.SECTION
                    + ".encoder_sha256 " + expected + ": not the frozen MAE encoder this run was trained with");
        }
        return sha;
    }

    /** Runs (2, C, H, W) images of value 0.5 and returns D, the width of the (2, D) float32 features. */
    private static int probe(PtSymbolBlock module, Path file, NDManager manager, Shape image) {
        Shape in = new Shape(PROBE_IMAGES, image.get(0), image.get(1), image.get(2));
        String expected = "; expected float32 features (" + PROBE_IMAGES + ", D) for float32 images " + in
                + " in [0, 1] (" + HELP + ")";
        try (NDManager scope = manager.newSubManager()) {
            NDList out;
            try {
                out = run(module, scope.full(in, 0.5f));
            } catch (RuntimeException e) { // whatever the file's code raised
                throw new IllegalArgumentException(file + ": forward failed: " + firstLine(e) + expected);
            }
            if (out.size() != 1) {
                throw new IllegalArgumentException(file + ": forward returned " + out.size() + " tensors" + expected);
            }
            NDArray f = out.singletonOrThrow();
            Shape s = f.getShape();
            if (f.getDataType() != DataType.FLOAT32 || s.dimension() != 2 || s.get(0) != PROBE_IMAGES || s.get(1) < 1) {
                throw new IllegalArgumentException(file + ": forward returned " + f.getDataType() + " " + s + expected);
            }
            try (NDArray bad = f.isInfinite().logicalOr(f.isNaN()).any()) {
                if (bad.getBoolean()) {
                    throw new IllegalArgumentException(file + ": forward returned non-finite features for images of 0.5");
                }
            }
            return (int) s.get(1);
        }
    }

    private static NDList run(PtSymbolBlock module, NDArray x) {
        return module.forward(new ParameterStore(x.getManager(), false), new NDList(x), false);
    }

    /**
     * The frozen features, without gradient, in {@code x}'s manager.
     *
     * @param x images (N, C, H, W) in [0, 1]
     * @return (N, D)
     */
    public NDArray features(NDArray x) {
        try (NDArray f = run(module, x).singletonOrThrow()) {
            Shape s = f.getShape();
            if (s.dimension() != 2 || s.get(0) != x.getShape().get(0) || s.get(1) != width) {
                throw new IllegalStateException(file + ": forward returned " + s + " for " + x.getShape().get(0)
                        + " images; expected (" + x.getShape().get(0) + ", " + width + ")");
            }
            // DJL runs an eval-mode module under torch's InferenceMode, whose tensors may not enter an autograd graph
            // (the MLP's backward saves its input); a copy made outside it is an ordinary tensor without gradient
            return f.duplicate();
        }
    }

    /** D, the width of the features. */
    public int width() {
        return width;
    }

    public Path file() {
        return file;
    }

    public String sha256() {
        return sha256;
    }

    /** Parameter values in the file (all frozen). */
    public long parameterCount() {
        return parameterCounts(Integer.MAX_VALUE).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Frozen parameter values per module of the file, in the file's order, module paths cut to {@code depth} names:
     * "vit.blocks.3.attn.qkv.weight" counts towards "vit.blocks" at depth 2. A parameter held directly by a module with
     * sub-modules (a ViT's "vit.cls_token", "vit.pos_embed") is an entry of its own.
     */
    public Map<String, Long> parameterCounts(int depth) {
        List<String> names = module.getParameters().keys();
        Set<String> parents = new HashSet<>();
        for (String name : names) {
            String[] parts = name.split("\\.");
            for (int i = 1; i < parts.length - 1; i++) {
                parents.add(String.join(".", Arrays.copyOf(parts, i)));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : module.getParameters()) {
            String[] parts = p.getKey().split("\\.");
            String owner = String.join(".", Arrays.copyOf(parts, parts.length - 1));
            String entry = parts.length == 1 || parents.contains(owner) && parts.length - 1 < depth ? p.getKey()
                    : String.join(".", Arrays.copyOf(parts, Math.min(depth, parts.length - 1)));
            counts.merge(entry, p.getValue().getArray().getShape().size(), Long::sum);
        }
        return counts;
    }

    /** True when no parameter of the file requires a gradient. */
    public boolean isFrozen() {
        for (Pair<String, Parameter> p : module.getParameters()) {
            if (p.getValue().getArray().hasGradient()) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
