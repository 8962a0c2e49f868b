package clel.diagnostics;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.config.ConfigLoader;
import clel.io.AtomicFileWriter;
import clel.loss.EbmLoss;
import clel.model.ClelNetworks;
import clel.nn.ParameterCounting;
import clel.sampling.Sgld;
import clel.training.StepPhase;
import clel.training.StepTensors;
import clel.training.Trainer;
import clel.training.TrainingObserver;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Exports every tensor of the first K iterations of a new run, for the differential test against the PyTorch twin
 * ({@code bench/pytorch_twin.py compare DIR}, {@code src/test/python/clel_twin}): a {@link TrainingObserver} of the
 * steps, from {@link #start} before the first one. Arrays are float32 {@code .npy} files; {@code index.json} lists
 * them, the parameters and the scalars, and is rewritten after every exported iteration (a run that stops early leaves
 * a valid index); {@code config.yaml} is the resolved configuration.
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
public final class StepExport implements TrainingObserver {
    /** Version of the layout above. */
    public static final int FORMAT = 1;
    private static final String[] NETWORKS = {"ebm", "encoder"};

    private final Path dir;
    private final int iterations;
    private final ExportIndex index;
    /** The index entry of the iteration being exported; null between iterations. */
    private JsonObject current;
    private Path iterDir;
    private SgldTrace sgld;

    private StepExport(Path dir, int iterations, ExportIndex index) {
        this.dir = dir;
        this.iterations = iterations;
        this.index = index;
    }

    /**
     * Writes the initial state and the configuration to {@code dir}; the export then records the first
     * {@code iterations} steps it observes ({@link Trainer#step(TrainingObserver)}, or as an observer of the loop).
     *
     * @param trainer    a new run's trainer
     * @param dir        the export's folder
     * @param iterations the iterations to export
     * @return the export
     * @throws IllegalStateException when the trainer has already run (the optimizers' state would be missing)
     * @throws IOException when the folder cannot be written
     */
    public static StepExport start(Trainer trainer, Path dir, int iterations) throws IOException {
        if (iterations <= 0) {
            throw new IllegalArgumentException("the step export needs at least one iteration, got " + iterations);
        }
        if (trainer.iteration() != 0) {
            throw new IllegalStateException("the step export starts with a new run (this one is at iteration "
                    + trainer.iteration() + "): the twin cannot rebuild the optimizers' state");
        }
        byte[] config = ConfigLoader.toYaml(trainer.config()).getBytes(StandardCharsets.UTF_8);
        AtomicFileWriter.write(dir.resolve("config.yaml"), out -> out.write(config));
        StepExport e = new StepExport(dir, iterations, new ExportIndex(dir.resolve("index.json"), iterations,
                trainer.live()));
        writeState(dir.resolve("initial"), trainer.live(), trainer.ema());
        e.index.write();
        return e;
    }

    /** @return the iterations fully exported so far */
    public int exportedIterations() {
        return index.size();
    }

    @Override
    public void phaseEnded(StepPhase phase, StepTensors step) {
        if (phase == StepPhase.DATA) {
            finish(true);
            if (step.iteration() < iterations) {
                begin(step);
            }
        }
        if (current == null) {
            return;
        }
        switch (phase) {
            case TRANSITION -> write("chains.npy", step.chains());
            case SGLD -> samples(step.samples(), step.x().getShape().getShape());
            case LATENT -> {
                write("augmented.npy", step.augmented());
                write("z.npy", step.z());
                write("views.npy", step.views());
            }
            case FORWARD -> forward(step);
            case BACKWARD -> gradients(step.live());
            case EMA -> {
                writeState(iterDir.resolve("after"), step.live(), step.ema());
                finish(false);
            }
            default -> { }
        }
    }

    @Override
    public void sgldStep(Sgld.Step step) {
        if (current != null) {
            sgld.add(step);
        }
    }

    /** The iteration's data and schedules. */
    private void begin(StepTensors step) {
        current = new JsonObject();
        current.addProperty("iteration", step.iteration() + 1);
        iterDir = dir.resolve(String.format(Locale.ROOT, "iter_%04d", step.iteration() + 1));
        current.addProperty("dir", iterDir.getFileName().toString());
        sgld = new SgldTrace();
        write("x.npy", step.x());
        boolean separate = step.xEncoder() != step.x();
        current.addProperty("x_encoder_separate", separate);
        if (separate) {
            write("x_encoder.npy", step.xEncoder());
        }
        current.addProperty("lr_ebm", step.ebmLr());
        current.addProperty("lr_encoder", step.encoderLr());
        current.addProperty("ema_decay", step.emaDecay());
    }

    private void samples(NDArray samples, long[] imageShape) {
        current.addProperty("sgld_steps", sgld.steps());
        current.addProperty("sgld_noise", sgld.hasNoise());
        sgld.write(iterDir, imageShape);
        write("samples.npy", samples);
    }

    private void forward(StepTensors step) {
        write("features.npy", step.energies().features());
        write("direction.npy", step.energies().direction());
        write("marginal.npy", step.energies().marginal());
        write("h.npy", step.projections());
        EbmLoss.Terms terms = step.ebmLoss();
        JsonObject scalars = new JsonObject();
        scalars.add("loss", ExportIndex.number(step.total().getFloat()));
        scalars.add("loss_ebm", ExportIndex.number(terms.total().getFloat()));
        scalars.add("loss_le", ExportIndex.number(step.encoderLoss().getFloat()));
        scalars.add("energy_data", ExportIndex.number(terms.realEnergy().getFloat()));
        scalars.add("energy_sample", ExportIndex.number(terms.fakeEnergy().getFloat()));
        scalars.add("latent_cosine", ExportIndex.number(terms.latentCosine().getFloat()));
        current.add("scalars", scalars);
    }

    private void gradients(ClelNetworks live) {
        Block[] blocks = {live.ebm(), live.encoder()};
        for (int n = 0; n < blocks.length; n++) {
            int i = 0;
            for (Pair<String, Parameter> p : blocks[n].getParameters()) {
                if (ParameterCounting.isTrainable(p.getValue())) {
                    try (NDArray g = p.getValue().getArray().getGradient()) {
                        NpyArrays.write(iterDir.resolve("grad").resolve(NETWORKS[n]).resolve(numbered(i)), g);
                    }
                }
                i++;
            }
        }
    }

    /** Ends the iteration being exported, if any; an iteration whose EMA phase never ended had its update skipped. */
    private void finish(boolean skipped) {
        if (current != null) {
            current.addProperty("skipped", skipped);
            index.add(current);
            current = null;
        }
    }

    private static void writeState(Path root, ClelNetworks live, ClelNetworks ema) {
        Block[][] blocks = {{live.ebm(), ema.ebm()}, {live.encoder(), ema.encoder()}};
        String[] copies = {"live", "ema"};
        for (int n = 0; n < NETWORKS.length; n++) {
            for (int c = 0; c < copies.length; c++) {
                Path sub = root.resolve(NETWORKS[n] + "_" + copies[c]);
                int i = 0;
                for (Pair<String, Parameter> p : blocks[n][c].getParameters()) {
                    NpyArrays.write(sub.resolve(numbered(i++)), p.getValue().getArray());
                }
            }
        }
    }

    private static String numbered(int i) {
        return String.format(Locale.ROOT, "%03d.npy", i);
    }

    private void write(String name, NDArray a) {
        NpyArrays.write(iterDir.resolve(name), a);
    }
}
