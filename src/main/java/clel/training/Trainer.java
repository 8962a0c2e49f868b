package clel.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import clel.augment.Augmenter;
import clel.config.ClelConfig;
import clel.config.GuardConfig;
import clel.config.ConfigLoader;
import clel.config.DivergenceAction;
import clel.config.ModelConfig;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.energy.EnergyOutput;
import clel.loss.EbmLoss;
import clel.loss.NtXentLoss;
import clel.model.BlockState;
import clel.model.ClelNetworks;
import clel.nn.Backward;
import clel.nn.GraphSafe;
import clel.recovery.LogTruncation;
import clel.recovery.RunFolderRepair;
import clel.report.ImageGrid;
import clel.sampling.ReplayBuffer;
import clel.sampling.Sgld;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Joint training of the EBM and the latent encoder (paper Algorithm 1). One {@link #step} is:
 * <ol>
 *   <li>draw a data batch x (and a separate encoder batch), dequantized;</li>
 *   <li>x~: chains drawn from the replay buffer (restarted with reinit_prob, augmented by the transition),
 *       run through SGLD on the marginal energy E(x), written back;</li>
 *   <li>z = h(t(x)) / ||h(t(x))|| without gradient (eq. 9);</li>
 *   <li>L_EBM (eq. 12) on [x, x~] in one forward; L_LE (eq. 13) on two augmented views, with the EBM's
 *       latents g(f(x~)) as extra negatives; one backward of the sum;</li>
 *   <li>divergence guard, then Adam (warm-up) for f and g, SGD (cosine) for h, and the EMA copies.</li>
 * </ol>
 * Every random choice of iteration t derives from (seed, t) ({@link Seeds}), so resuming from a checkpoint
 * continues exactly. The run folder receives metrics.jsonl, sample grids and checkpoints.
 */
public final class Trainer implements AutoCloseable {
    public static final String LAST = "last.ckpt";
    public static final String BEST = "best.ckpt";
    private static final long STREAM_TORCH = 1;
    private static final long STREAM_BUFFER = 2;
    private static final long STREAM_ENCODER_DATA = 3;

    private final ClelConfig config;
    private final ImageSet data;
    private final Path runDir;
    private final TrainingListener listener;
    private final NDManager manager;
    private final ClelNetworks live;
    private final ClelNetworks ema;
    private final Adam ebmOptimizer;
    private final MomentumSgd encoderOptimizer;
    private final ReplayBuffer buffer;
    private final BatchSampler ebmBatches;
    private final BatchSampler encoderBatches;
    private final Augmenter encoderAugment;
    private final Augmenter ebmAugment;
    private final Augmenter transition;
    private final Sgld sgld;
    private long iteration;
    private int rollbacks;
    private BufferEvaluation evaluation;
    private double bestValue = Double.POSITIVE_INFINITY;

    private Trainer(ClelConfig config, ImageSet data, Path runDir, TrainingListener listener, Device device) {
        this.config = config;
        this.data = data;
        this.runDir = runDir;
        this.listener = listener;
        this.manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed((int) Seeds.mix(config.seed(), -1, STREAM_TORCH));
        this.live = ClelNetworks.create(config.model(), manager);
        this.ema = ClelNetworks.create(config.model(), manager);
        ExponentialMovingAverage.update(ema.ebm(), live.ebm(), 0);
        ExponentialMovingAverage.update(ema.encoder(), live.encoder(), 0);
        var o = config.optim();
        this.ebmOptimizer = new Adam(new ParameterGroup(live.ebm()), manager, o.ebmBeta1(), o.ebmBeta2(), o.ebmEps());
        this.encoderOptimizer = new MomentumSgd(new ParameterGroup(live.encoder()), manager, o.encoderMomentum(),
                o.encoderWeightDecay());
        Shape img = live.imageShape();
        this.buffer = new ReplayBuffer(config.sampler().bufferSize(), (int) img.get(0), (int) img.get(1), (int) img.get(2),
                new SplittableRandom(Seeds.mix(config.seed(), -1, STREAM_BUFFER)));
        this.ebmBatches = new BatchSampler(data.count(), o.batchSize(), config.seed());
        this.encoderBatches = new BatchSampler(data.count(), o.encoderBatchSize(), Seeds.mix(config.seed(), 0, STREAM_ENCODER_DATA));
        this.encoderAugment = Augmenter.of(config.augment().encoder());
        this.ebmAugment = Augmenter.of(config.augment().ebm());
        this.transition = Augmenter.of(config.sampler().transition());
        this.sgld = Sgld.of(config.sampler());
    }

    /**
     * A new run. Empty model.input_mean/input_std are taken from the data set; the data's image size and
     * channels must match the model's.
     */
    public static Trainer start(ClelConfig config, ImageSet data, Path runDir, TrainingListener listener, Device device) {
        ClelConfig resolved = resolve(config, data);
        return new Trainer(resolved, data, runDir, listener, device);
    }

    /** The configuration with the data set's normalization filled in, checked against the data. */
    public static ClelConfig resolve(ClelConfig config, ImageSet data) {
        ModelConfig m = config.model();
        if (data.channels() != m.channels() || data.height() != m.imageSize() || data.width() != m.imageSize()) {
            throw new IllegalArgumentException("data set " + data.name() + " has " + data.channels() + "x" + data.height()
                    + "x" + data.width() + " images but the model expects " + m.channels() + "x" + m.imageSize() + "x"
                    + m.imageSize() + " (model.channels, model.image_size)");
        }
        if (m.hasNormalization()) {
            return config;
        }
        List<Double> mean = toList(data.mean());
        List<Double> std = toList(data.std());
        return config.withModel(m.withNormalization(mean, std));
    }

    private static List<Double> toList(float[] v) {
        Double[] d = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = (double) v[i];
        }
        return List.of(d);
    }

    /**
     * Continues a run from its checkpoint. {@code iterations} (if > 0) replaces the configured total, e.g. to
     * extend a finished run.
     */
    public static Trainer resume(Path checkpoint, ImageSet data, Path runDir, TrainingListener listener, Device device,
                                 int iterations) throws IOException {
        return resume(Checkpoint.read(checkpoint), checkpoint, data, runDir, listener, device, iterations);
    }

    /** As {@link #resume(Path, ImageSet, Path, TrainingListener, Device, int)} from an already read checkpoint. */
    public static Trainer resume(Checkpoint ckpt, Path checkpoint, ImageSet data, Path runDir, TrainingListener listener,
                                 Device device, int iterations) throws IOException {
        ClelConfig cfg = ckpt.config(checkpoint);
        if (iterations > 0) {
            cfg = cfg.withIterations(iterations);
        }
        Trainer t = new Trainer(resolve(cfg, data), data, runDir, listener, device);
        t.restore(ckpt, checkpoint);
        return t;
    }

    /** Scores the replay buffer every eval.every iterations, logs to eval.jsonl and keeps best.ckpt. */
    public void setEvaluation(BufferEvaluation e) {
        this.evaluation = e;
    }

    public ClelConfig config() { return config; }
    public ClelNetworks live() { return live; }
    public ClelNetworks ema() { return ema; }
    public long iteration() { return iteration; }
    public ReplayBuffer buffer() { return buffer; }

    /** Runs until the configured number of iterations, logging, sampling and checkpointing as configured. */
    public void run() throws IOException {
        Files.createDirectories(runDir);
        repairRunFolder();
        listener.onStart(iteration, config.iterations());
        if (iteration == 0) {
            writeDataGrid();
        }
        if (config.guard().onDivergence() == DivergenceAction.ROLLBACK && !Files.exists(runDir.resolve(LAST))) {
            save(runDir.resolve(LAST)); // so that a divergence before the first periodic checkpoint can roll back
        }
        try (Writer metrics = Files.newBufferedWriter(runDir.resolve("metrics.jsonl"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (iteration < config.iterations()) {
                StepMetrics m;
                try {
                    m = step();
                } catch (DivergenceException e) {
                    if (!rollBack(e)) {
                        throw e;
                    }
                    continue;
                }
                listener.onStep(m);
                var log = config.log();
                if (iteration % log.every() == 0 || iteration == config.iterations()) {
                    metrics.write(m.toJson());
                    metrics.write('\n');
                    metrics.flush();
                }
                if (iteration % log.sampleEvery() == 0 || iteration == config.iterations()) {
                    writeBufferGrid();
                }
                if (iteration % log.checkpointEvery() == 0 || iteration == config.iterations()) {
                    save(runDir.resolve(LAST));
                    listener.onMessage("iteration " + iteration + ": checkpoint " + runDir.resolve(LAST));
                }
                if (evaluation != null && config.eval().every() > 0 && iteration % config.eval().every() == 0) {
                    evaluate();
                }
                if (log.keepEvery() > 0 && iteration % log.keepEvery() == 0) {
                    Path keep = runDir.resolve(String.format("ckpt-%06d.ckpt", iteration));
                    save(keep);
                    listener.onMessage("iteration " + iteration + ": kept " + keep);
                }
            }
        }
    }

    /**
     * Undoes what an interrupted earlier process left in the run folder: temporary files of unfinished writes, and,
     * when continuing from iteration K > 0, the log lines past K (written after the checkpoint the run resumes from;
     * this run writes them again).
     */
    private void repairRunFolder() throws IOException {
        for (Path stale : RunFolderRepair.removeStaleTemporaries(runDir)) {
            listener.onMessage("removed " + runDir.relativize(stale) + ", left behind by a write that was interrupted");
        }
        if (iteration == 0) {
            return;
        }
        for (LogTruncation t : RunFolderRepair.dropLinesAfter(runDir, iteration)) {
            if (t.changed()) {
                String lines = t.dropped() + " line" + (t.dropped() == 1 ? "" : "s") + " past iteration " + iteration
                        + " (written after the checkpoint; they are written again)";
                listener.onMessage(t.file().getFileName() + ": removed " + (!t.partialLine() ? lines
                        : t.dropped() == 0 ? "an unfinished last line" : lines + " and an unfinished last line"));
            }
        }
    }

    private void evaluate() throws IOException {
        int n = Math.min(config.eval().samples(), buffer.size());
        double value;
        try (NDManager m = manager.newSubManager()) {
            value = evaluation.evaluate(buffer.slice(0, n, m));
        }
        String line = String.format(java.util.Locale.ROOT, "{\"iteration\":%d,\"metric\":\"%s\",\"value\":%s,\"chains\":%d}%n",
                iteration, evaluation.metricName(), Double.isFinite(value) ? String.valueOf(value) : "null", n);
        Files.writeString(runDir.resolve("eval.jsonl"), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        String msg = String.format(java.util.Locale.ROOT, "iteration %d: %s of %d buffer chains = %.4f", iteration,
                evaluation.metricName(), n, value);
        if (value < bestValue) {
            bestValue = value;
            save(runDir.resolve(BEST));
            msg += " (best so far: " + runDir.resolve(BEST) + ")";
        }
        listener.onMessage(msg);
    }

    private boolean rollBack(DivergenceException e) throws IOException {
        Path last = runDir.resolve(LAST);
        if (config.guard().onDivergence() != DivergenceAction.ROLLBACK) {
            return false;
        }
        if (rollbacks >= config.guard().maxRollbacks()) {
            throw new DivergenceException(e.getMessage() + "; gave up after " + rollbacks + " rollbacks");
        }
        if (!Files.exists(last)) {
            throw new DivergenceException(e.getMessage() + "; no checkpoint to roll back to yet");
        }
        rollbacks++;
        restore(Checkpoint.read(last), last);
        listener.onMessage("divergence (" + e.getMessage() + "): rolled back to iteration " + iteration
                + " (rollback " + rollbacks + " of " + config.guard().maxRollbacks() + ")");
        // continue with different random draws than the ones that diverged
        rollbackSalt = rollbacks;
        return true;
    }

    private long rollbackSalt;
    /** The chains sampled by the latest iteration, shown in the sample grids. */
    private ReplayBuffer.Draw lastDraw;

    /** One iteration of Algorithm 1. */
    public StepMetrics step() {
        long t0 = System.nanoTime();
        long t = iteration;
        long salt = rollbackSalt * 1_000_003L;
        Engine.getInstance().setRandomSeed((int) Seeds.mix(config.seed() + salt, t, STREAM_TORCH));
        SplittableRandom rng = new SplittableRandom(Seeds.mix(config.seed() + salt, t, STREAM_BUFFER));
        var o = config.optim();
        var l = config.loss();
        double ebmLr = Schedules.linearWarmup(o.ebmLr(), o.warmupIterations(), t);
        double encLr = Schedules.cosine(o.encoderLr(), config.iterations(), t);
        StepMetrics metrics;
        try (NDManager it = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(it, false);
            NDArray x = dequantize(BatchSampler.toNDArray(it, data, ebmBatches.indices(t)));
            NDArray xEnc = dequantize(BatchSampler.toNDArray(it, data, encoderBatches.indices(t)));

            // negatives x~ from the replay buffer through SGLD on the marginal energy E(x). The EBM runs in
            // evaluation mode while sampling: spectral norm uses its stored u, v (one power iteration happens per
            // training forward below), so sampling never changes the model's state.
            ReplayBuffer.Draw draw = buffer.choose(o.batchSize(), config.sampler().reinitProb(), rng);
            NDArray chains = buffer.read(draw, it, rng);
            NDArray start = transitionChains(chains, draw);
            NDArray samples = sgld.run(xi -> live.ebm().evaluate(ps, xi, false).marginal(), start,
                    config.sampler().steps(), live.ebm());
            buffer.write(draw, samples);
            lastDraw = draw;

            // z = h(t(x)) / ||h(t(x))||, no gradient (eq. 9)
            NDArray z = live.encoder().latent(ps, ebmAugment.apply(x), true).stopGradient();
            NDArray view1 = encoderAugment.apply(xEnc);
            NDArray view2 = encoderAugment.apply(xEnc);

            NDArray total;
            EbmLoss.Terms terms;
            NDArray le;
            int b = o.batchSize();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                EnergyOutput both = live.ebm().evaluate(ps, NDArrays.concat(new NDList(x, samples), 0), true);
                EnergyOutput real = slice(both, 0, b);
                EnergyOutput fake = slice(both, b, 2 * b);
                terms = EbmLoss.compute(real, z, fake, (float) l.alpha(), (float) l.beta());
                NDArray h1 = live.encoder().forward(ps, new NDList(view1), true).singletonOrThrow();
                NDArray h2 = live.encoder().forward(ps, new NDList(view2), true).singletonOrThrow();
                le = NtXentLoss.compute(h1, h2, l.useNegatives() ? fake.direction().stopGradient() : null,
                        (float) l.temperature());
                total = terms.total().add(le);
                checkDivergence(t, total, terms);
                Backward.run(gc, total);
            }
            ebmOptimizer.step(ebmLr);
            encoderOptimizer.step(encLr);
            double decay = Schedules.emaDecay(config.ema().halflife(), o.batchSize(), t);
            ExponentialMovingAverage.update(ema.ebm(), live.ebm(), decay);
            ExponentialMovingAverage.update(ema.encoder(), live.encoder(), decay);
            metrics = new StepMetrics(t + 1, total.getFloat(), terms.total().getFloat(), le.getFloat(),
                    terms.realEnergy().getFloat(), terms.fakeEnergy().getFloat(), terms.latentCosine().getFloat(),
                    ebmLr, encLr, (System.nanoTime() - t0) / 1e9);
        }
        iteration = t + 1;
        return metrics;
    }

    private void checkDivergence(long t, NDArray total, EbmLoss.Terms terms) {
        String problem = divergence(config.guard(), t, total.getFloat(), terms.realEnergy().getFloat(),
                terms.fakeEnergy().getFloat());
        if (problem != null) {
            zeroGradients();
            throw new DivergenceException(problem);
        }
    }

    /**
     * The guard's verdict on one iteration's loss and mean energies: null when healthy, else what is wrong.
     * Diverged: a non-finite loss, or |E(x)| or |E(x~)| above guard.max_energy. Inverted: E(x) - E(x~) above
     * guard.max_energy_gap (when that is positive).
     */
    static String divergence(GuardConfig guard, long t, float loss, float eReal, float eFake) {
        double max = guard.maxEnergy();
        if (!Float.isFinite(loss) || !(Math.abs(eReal) <= max) || !(Math.abs(eFake) <= max)) {
            return String.format(java.util.Locale.ROOT,
                    "EBM diverged at iteration %d: loss %s, E(x) %s, E(x~) %s (guard.max_energy %s)", t, loss, eReal, eFake, max);
        }
        double gap = guard.maxEnergyGap();
        if (gap > 0 && eReal - eFake > gap) {
            return String.format(java.util.Locale.ROOT,
                    "EBM inverted at iteration %d: E(x) %s is above E(x~) %s by more than guard.max_energy_gap %s",
                    t, eReal, eFake, gap);
        }
        return null;
    }

    private void zeroGradients() {
        for (var block : List.of(live.ebm(), live.encoder())) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray a = p.getValue().getArray();
                if (a.hasGradient()) {
                    try (NDArray g = a.getGradient()) {
                        g.set(new ai.djl.ndarray.index.NDIndex("..."), 0);
                    }
                }
            }
        }
    }

    /** Augmentation transition of drawn chains (Du et al., 2021); restarted chains stay pure noise. */
    private NDArray transitionChains(NDArray chains, ReplayBuffer.Draw draw) {
        NDArray moved = transition.apply(chains);
        boolean[] reinit = draw.reinitialized();
        float[] mask = new float[reinit.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = reinit[i] ? 1f : 0f;
        }
        NDArray m = chains.getManager().create(mask, new Shape(mask.length, 1, 1, 1));
        // mask * chains + (1 - mask) * moved
        return moved.add(chains.sub(moved).mul(m));
    }

    private static EnergyOutput slice(EnergyOutput o, int from, int to) {
        String r = from + ":" + to;
        return new EnergyOutput(o.features().get(r), o.direction().get(r), o.marginal().get(r));
    }

    /** The public code's dequantization: x * 255/256 + U(0, 1/256). */
    static NDArray dequantize(NDArray x) {
        NDArray u = x.getManager().randomUniform(0f, 1f / 256f, x.getShape());
        return GraphSafe.mul(x, 255f / 256f).add(u);
    }

    private void writeDataGrid() throws IOException {
        int n = Math.min(config.log().gridSize(), data.count());
        try (NDManager m = manager.newSubManager()) {
            int[] idx = new int[n];
            Arrays.setAll(idx, i -> i);
            ImageGrid.writePng(ImageGrid.tile(BatchSampler.toNDArray(m, data, idx), columns(n), 2, 2),
                    runDir.resolve("samples").resolve("data.png"));
        }
    }

    /** The chains the latest iterations sampled (most recent first), as they are now in the replay buffer. */
    private void writeBufferGrid() throws IOException {
        if (lastDraw == null) {
            return;
        }
        int n = Math.min(config.log().gridSize(), lastDraw.indices().length);
        int[] idx = Arrays.copyOf(lastDraw.indices(), n);
        try (NDManager m = manager.newSubManager()) {
            Path p = runDir.resolve("samples").resolve(String.format("buffer_%06d.png", iteration));
            NDArray chains = buffer.read(new ReplayBuffer.Draw(idx, new boolean[n]), m, new SplittableRandom(0));
            ImageGrid.writePng(ImageGrid.tile(chains, columns(n), 2, 2), p);
        }
    }

    private static int columns(int n) {
        return (int) Math.ceil(Math.sqrt(n));
    }

    // ---------------------------------------------------------------- checkpoints

    /** Writes a checkpoint of the whole training state atomically. Refuses to write non-finite weights. */
    public void save(Path target) throws IOException {
        for (var block : List.of(live.ebm(), live.encoder())) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                try (NDArray bad = p.getValue().getArray().isNaN(); NDArray any = bad.any()) {
                    if (any.getBoolean()) {
                        throw new DivergenceException("refusing to write a checkpoint: parameter " + p.getKey() + " is NaN");
                    }
                }
            }
        }
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put(Checkpoint.META, meta());
        e.put(Checkpoint.CONFIG, ConfigLoader.toYaml(config).getBytes(StandardCharsets.UTF_8));
        e.put("ebm.params", BlockState.save(live.ebm()));
        e.put("encoder.params", BlockState.save(live.encoder()));
        e.put("ebm_ema.params", BlockState.save(ema.ebm()));
        e.put("encoder_ema.params", BlockState.save(ema.encoder()));
        e.put("ebm_optimizer.ndlist", ebmOptimizer.state().encode());
        e.put("encoder_optimizer.ndlist", encoderOptimizer.state().encode());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buf)) {
            buffer.save(out);
        }
        e.put("replay_buffer.bin", buf.toByteArray());
        new Checkpoint(e).write(target);
    }

    private byte[] meta() throws IOException {
        Properties p = new Properties();
        p.setProperty("format_version", String.valueOf(Checkpoint.FORMAT_VERSION));
        p.setProperty("iteration", String.valueOf(iteration));
        p.setProperty("clel_version", Versions.CLEL);
        p.setProperty("djl_version", Versions.djl());
        p.setProperty("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        p.setProperty("java_version", System.getProperty("java.version"));
        p.setProperty("data", data.name() + " (" + data.count() + " images)");
        p.setProperty("created", java.time.Instant.now().toString());
        if (Double.isFinite(bestValue)) {
            p.setProperty("best_value", String.valueOf(bestValue));
        }
        StringWriter w = new StringWriter();
        p.store(w, "clel checkpoint");
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void restore(Checkpoint ckpt, Path file) throws IOException {
        Properties meta = new Properties();
        meta.load(new StringReader(new String(ckpt.require(Checkpoint.META, file), StandardCharsets.UTF_8)));
        int version = Integer.parseInt(meta.getProperty("format_version", "-1"));
        if (version != Checkpoint.FORMAT_VERSION) {
            throw new IOException(file + ": checkpoint format version " + version + " is not supported (expected "
                    + Checkpoint.FORMAT_VERSION + ")");
        }
        BlockState.load(live.ebm(), manager, ckpt.require("ebm.params", file), file + " entry ebm.params");
        BlockState.load(live.encoder(), manager, ckpt.require("encoder.params", file), file + " entry encoder.params");
        BlockState.load(ema.ebm(), manager, ckpt.require("ebm_ema.params", file), file + " entry ebm_ema.params");
        BlockState.load(ema.encoder(), manager, ckpt.require("encoder_ema.params", file), file + " entry encoder_ema.params");
        // the optimizers read each Parameter's (now replaced) array at every step, so only their state is loaded
        try (NDManager tmp = manager.newSubManager()) {
            ebmOptimizer.load(NDList.decode(tmp, ckpt.require("ebm_optimizer.ndlist", file)), tmp, file + " ebm optimizer");
            encoderOptimizer.load(NDList.decode(tmp, ckpt.require("encoder_optimizer.ndlist", file)), tmp,
                    file + " encoder optimizer");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(ckpt.require("replay_buffer.bin", file)))) {
            buffer.load(in, file + " entry replay_buffer.bin");
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": entry replay_buffer.bin is truncated");
        }
        iteration = Long.parseLong(meta.getProperty("iteration", "0"));
        bestValue = Double.parseDouble(meta.getProperty("best_value", "Infinity"));
    }

    @Override
    public void close() {
        manager.close();
    }
}
