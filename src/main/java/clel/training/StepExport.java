package clel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.config.ConfigLoader;
import clel.energy.EnergyOutput;
import clel.evaluation.NpyFile;
import clel.loss.EbmLoss;
import clel.model.ClelNetworks;
import clel.nn.ParameterCounting;
import clel.run.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exports every tensor of the first K iterations of a new run, for the differential test against the PyTorch twin
 * ({@code bench/pytorch_twin.py compare DIR}, {@code src/test/python/clel_twin}). Attach it with {@link #attach}
 * before the first {@link Trainer#step}. Arrays are float32 {@code .npy} files; {@code index.json} lists them, the
 * parameters and the scalars, and is rewritten after every exported iteration (a run that stops early leaves a
 * valid index); {@code config.yaml} is the resolved configuration.
 *
 * <p>Layout (B = optim.batch_size, B' = optim.encoder_batch_size, S = sampler.steps, d = model.feature_dim;
 * parameters are numbered NNN in the order of {@code Block.getParameters()}, buffers included):
 * <pre>
 * initial/{ebm,encoder}_{live,ema}/NNN.npy   every parameter and buffer (u, v, BatchNorm statistics) before iteration 1
 * iter_TTTT/x.npy             x, the dequantized data batch (B, C, H, W); x_encoder.npy when the encoder has its own
 * iter_TTTT/chains.npy        SGLD's start: buffer chains after the transition augmentation (B, C, H, W)
 * iter_TTTT/sgld_x.npy        x_k, the point step k starts from (S, B, C, H, W)
 * iter_TTTT/sgld_energy.npy   E(x_k) (S, B)
 * iter_TTTT/sgld_grad.npy     grad_x sum E(x_k), after the optional clip (S, B, C, H, W)
 * iter_TTTT/sgld_noise.npy    the N(0, noise^2) draw of step k (S, B, C, H, W); absent when sampler.noise is 0
 * iter_TTTT/sgld_next.npy     clamp(x_k - step_size grad_k + noise_k, 0, 1) (S, B, C, H, W)
 * iter_TTTT/samples.npy       x~ (B, C, H, W)
 * iter_TTTT/augmented.npy     t(x) (B, C, H, W);  z.npy = h(t(x))/||h(t(x))|| (B, d);  views.npy [t1(x); t2(x)] (2B', C, H, W)
 * iter_TTTT/features.npy      f([x; x~]) (2B, d);  direction.npy g(f/||f||) (2B, d);  marginal.npy E([x; x~]) (2B)
 * iter_TTTT/h.npy             h of the views (2B', d)
 * iter_TTTT/grad/{ebm,encoder}/NNN.npy          gradient of L_EBM + L_LE for every trainable parameter
 * iter_TTTT/after/{ebm,encoder}_{live,ema}/NNN.npy  every parameter and buffer after Adam, SGD and the EMA
 * </pre>
 * Per iteration the index records lr_ebm, lr_encoder, ema_decay and the scalars loss (L_EBM + L_LE), loss_ebm
 * (eq. 12), energy_data (mean E(x)), energy_sample (mean E(x~)), latent_cosine (mean cos(g(f(x)), z)) and loss_le
 * (eq. 13), as float32 values printed so that they parse back exactly. An iteration whose update was skipped
 * (non-finite gradient) has no {@code after} folder and {@code "skipped": true}.
 */
public final class StepExport implements StepObserver {
    /** Version of the layout above. */
    public static final int FORMAT = 1;
    private static final String[] NETWORKS = {"ebm", "encoder"};

    private final Path dir;
    private final int iterations;
    private final ClelNetworks liveNetworks;
    private final List<Map<String, Object>> exported = new ArrayList<>();
    private Map<String, Object> current;
    private Path iterDir;
    private boolean active;
    private final List<float[]> sgldX = new ArrayList<>();
    private final List<float[]> sgldEnergy = new ArrayList<>();
    private final List<float[]> sgldGrad = new ArrayList<>();
    private final List<float[]> sgldNoise = new ArrayList<>();
    private final List<float[]> sgldNext = new ArrayList<>();
    private long[] imageShape;
    private int batch;

    private StepExport(Path dir, int iterations, ClelNetworks live) {
        this.dir = dir;
        this.iterations = iterations;
        this.liveNetworks = live;
    }

    /**
     * Writes the initial state and the configuration to {@code dir} and makes the trainer show this export its next
     * {@code iterations} steps.
     *
     * @param trainer    a new run's trainer
     * @param dir        the export's folder
     * @param iterations the iterations to export
     * @return the export, attached as the trainer's {@link StepObserver}
     * @throws IllegalStateException when the trainer has already run (the optimizers' state would be missing)
     * @throws IOException when the folder cannot be written
     */
    public static StepExport attach(Trainer trainer, Path dir, int iterations) throws IOException {
        if (iterations <= 0) {
            throw new IllegalArgumentException("the step export needs at least one iteration, got " + iterations);
        }
        if (trainer.iteration() != 0) {
            throw new IllegalStateException("the step export starts with a new run (this one is at iteration "
                    + trainer.iteration() + "): the twin cannot rebuild the optimizers' state");
        }
        Files.createDirectories(dir);
        StepExport e = new StepExport(dir, iterations, trainer.live());
        Files.writeString(dir.resolve("config.yaml"), ConfigLoader.toYaml(trainer.config()), StandardCharsets.UTF_8);
        e.writeState(dir.resolve("initial"), trainer.live(), trainer.ema());
        e.writeIndex();
        trainer.setObserver(e);
        return e;
    }

    /** @return the iterations fully exported so far */
    public int exportedIterations() {
        return exported.size();
    }

    @Override
    public void batch(long iteration, NDArray x, NDArray xEncoder) {
        finishSkipped();
        active = iteration < iterations;
        if (!active) {
            return;
        }
        current = new LinkedHashMap<>();
        current.put("iteration", iteration + 1);
        iterDir = dir.resolve(String.format(Locale.ROOT, "iter_%04d", iteration + 1));
        current.put("dir", iterDir.getFileName().toString());
        imageShape = x.getShape().getShape();
        batch = (int) imageShape[0];
        sgldX.clear();
        sgldEnergy.clear();
        sgldGrad.clear();
        sgldNoise.clear();
        sgldNext.clear();
        write("x.npy", x);
        current.put("x_encoder_separate", xEncoder != x);
        if (xEncoder != x) {
            write("x_encoder.npy", xEncoder);
        }
    }

    @Override
    public void schedules(double ebmLr, double encoderLr, double emaDecay) {
        if (active) {
            current.put("lr_ebm", ebmLr);
            current.put("lr_encoder", encoderLr);
            current.put("ema_decay", emaDecay);
        }
    }

    @Override
    public void chains(NDArray start) {
        write("chains.npy", start);
    }

    @Override
    public void sgldEnergies(int step, NDArray energies) {
        if (active) {
            sgldEnergy.add(energies.toFloatArray());
        }
    }

    @Override
    public void sgldStep(int step, NDArray x, NDArray grad, NDArray noise, NDArray next) {
        if (!active) {
            return;
        }
        sgldX.add(x.toFloatArray());
        sgldGrad.add(grad.toFloatArray());
        if (noise != null) {
            sgldNoise.add(noise.toFloatArray());
        }
        sgldNext.add(next.toFloatArray());
    }

    @Override
    public void samples(NDArray samples) {
        if (!active) {
            return;
        }
        int steps = sgldX.size();
        current.put("sgld_steps", steps);
        current.put("sgld_noise", !sgldNoise.isEmpty());
        int[] stacked = new int[imageShape.length + 1];
        stacked[0] = steps;
        for (int i = 0; i < imageShape.length; i++) {
            stacked[i + 1] = (int) imageShape[i];
        }
        writeStacked("sgld_x.npy", sgldX, stacked);
        writeStacked("sgld_grad.npy", sgldGrad, stacked);
        writeStacked("sgld_next.npy", sgldNext, stacked);
        if (!sgldNoise.isEmpty()) {
            writeStacked("sgld_noise.npy", sgldNoise, stacked);
        }
        writeStacked("sgld_energy.npy", sgldEnergy, new int[] {steps, batch});
        write("samples.npy", samples);
    }

    @Override
    public void encoderInputs(NDArray augmented, NDArray z, NDArray views) {
        write("augmented.npy", augmented);
        write("z.npy", z);
        write("views.npy", views);
    }

    @Override
    public void losses(EnergyOutput both, EbmLoss.Terms terms, NDArray h, NDArray encoderLoss, NDArray total) {
        if (!active) {
            return;
        }
        write("features.npy", both.features());
        write("direction.npy", both.direction());
        write("marginal.npy", both.marginal());
        write("h.npy", h);
        Map<String, Object> scalars = new LinkedHashMap<>();
        scalars.put("loss", total.getFloat());
        scalars.put("loss_ebm", terms.total().getFloat());
        scalars.put("loss_le", encoderLoss.getFloat());
        scalars.put("energy_data", terms.realEnergy().getFloat());
        scalars.put("energy_sample", terms.fakeEnergy().getFloat());
        scalars.put("latent_cosine", terms.latentCosine().getFloat());
        current.put("scalars", scalars);
    }

    @Override
    public void gradients(ClelNetworks live) {
        if (!active) {
            return;
        }
        Block[] blocks = {live.ebm(), live.encoder()};
        for (int n = 0; n < blocks.length; n++) {
            int i = 0;
            for (Pair<String, Parameter> p : blocks[n].getParameters()) {
                if (ParameterCounting.isTrainable(p.getValue())) {
                    try (NDArray g = p.getValue().getArray().getGradient()) {
                        writeArray(iterDir.resolve("grad").resolve(NETWORKS[n]).resolve(String.format(Locale.ROOT, "%03d.npy", i)), g);
                    }
                }
                i++;
            }
        }
    }

    @Override
    public void updated(ClelNetworks live, ClelNetworks ema) {
        if (!active) {
            return;
        }
        writeState(iterDir.resolve("after"), live, ema);
        current.put("skipped", false);
        exported.add(current);
        current = null;
        active = false;
        writeIndexUnchecked();
    }

    /** An iteration that reached batch() but not updated() had its update skipped. */
    private void finishSkipped() {
        if (current != null) {
            current.put("skipped", true);
            exported.add(current);
            current = null;
            writeIndexUnchecked();
        }
    }

    private void writeState(Path root, ClelNetworks live, ClelNetworks ema) {
        Block[][] blocks = {{live.ebm(), ema.ebm()}, {live.encoder(), ema.encoder()}};
        String[] copies = {"live", "ema"};
        for (int n = 0; n < NETWORKS.length; n++) {
            for (int c = 0; c < copies.length; c++) {
                Path sub = root.resolve(NETWORKS[n] + "_" + copies[c]);
                int i = 0;
                for (Pair<String, Parameter> p : blocks[n][c].getParameters()) {
                    writeArray(sub.resolve(String.format(Locale.ROOT, "%03d.npy", i++)), p.getValue().getArray());
                }
            }
        }
    }

    private void write(String name, NDArray a) {
        if (active) {
            writeArray(iterDir.resolve(name), a);
        }
    }

    private static void writeArray(Path file, NDArray a) {
        long[] s = a.getShape().getShape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = Math.toIntExact(s[i]);
        }
        try {
            Files.createDirectories(file.getParent());
            NpyFile.writeFloat32(file, a.toFloatArray(), shape);
        } catch (IOException e) {
            throw new UncheckedIOException("step export: cannot write " + file, e);
        }
    }

    private void writeStacked(String name, List<float[]> parts, int[] shape) {
        int per = parts.isEmpty() ? 0 : parts.get(0).length;
        float[] all = new float[parts.size() * per];
        for (int i = 0; i < parts.size(); i++) {
            System.arraycopy(parts.get(i), 0, all, i * per, per);
        }
        Path file = iterDir.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            NpyFile.writeFloat32(file, all, shape);
        } catch (IOException e) {
            throw new UncheckedIOException("step export: cannot write " + file, e);
        }
    }

    private void writeIndexUnchecked() {
        try {
            writeIndex();
        } catch (IOException e) {
            throw new UncheckedIOException("step export: cannot write " + dir.resolve("index.json"), e);
        }
    }

    private void writeIndex() throws IOException {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("format", FORMAT);
        index.put("clel_version", Versions.CLEL);
        index.put("config", "config.yaml");
        index.put("iterations_requested", iterations);
        Map<String, Object> nets = new LinkedHashMap<>();
        Block[] blocks = {liveNetworks.ebm(), liveNetworks.encoder()};
        for (int n = 0; n < NETWORKS.length; n++) {
            List<Object> params = new ArrayList<>();
            for (Pair<String, Parameter> p : blocks[n].getParameters()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", p.getKey());
                entry.put("type", p.getValue().getType().name());
                entry.put("trainable", ParameterCounting.isTrainable(p.getValue()));
                List<Object> shape = new ArrayList<>();
                for (long d : p.getValue().getArray().getShape().getShape()) {
                    shape.add(d);
                }
                entry.put("shape", shape);
                params.add(entry);
            }
            nets.put(NETWORKS[n], params);
        }
        index.put("parameters", nets);
        index.put("iterations", exported);
        Path tmp = dir.resolve("index.json.tmp");
        Files.writeString(tmp, json(index) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("index.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Minimal JSON for maps, lists, strings, booleans and numbers (floats printed to round-trip exactly). */
    static String json(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (b.length() > 1) {
                    b.append(", ");
                }
                b.append(json(String.valueOf(e.getKey()))).append(": ").append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object v : l) {
                if (b.length() > 1) {
                    b.append(", ");
                }
                b.append(json(v));
            }
            return b.append(']').toString();
        }
        if (o instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (o instanceof Float f) {
            return Float.isFinite(f) ? Float.toString(f) : "null";
        }
        if (o instanceof Double d) {
            return Double.isFinite(d) ? Double.toString(d) : "null";
        }
        return String.valueOf(o);
    }
}
