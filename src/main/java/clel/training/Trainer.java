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
import clel.report.EvalTable;
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
    private final ParameterGroup ebmParameters;
    private final ParameterGroup encoderParameters;
    private final Adam ebmOptimizer;
    private final MomentumSgd encoderOptimizer;
    private final ReplayBuffer buffer;
    private final BatchSampler ebmBatches;
    /** Null when the encoder trains on the EBM's batch (equal batch sizes, as in the public code). */
    private final BatchSampler encoderBatches;
    private final Augmenter encoderAugment;
    private final Augmenter ebmAugment;
    private final Augmenter transition;
    private final Sgld sgld;
    private final TrainingHealth health;
    private long iteration;
    private int rollbacks;
    private int consecutiveSkips;
    private BufferEvaluation evaluation;
    private StepObserver observer = StepObserver.NONE;
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
        this.ebmParameters = new ParameterGroup(live.ebm());
        this.encoderParameters = new ParameterGroup(live.encoder());
        this.ebmOptimizer = new Adam(ebmParameters, manager, o.ebmBeta1(), o.ebmBeta2(), o.ebmEps());
        this.encoderOptimizer = new MomentumSgd(encoderParameters, manager, o.encoderMomentum(), o.encoderWeightDecay());
        Shape img = live.imageShape();
        this.buffer = new ReplayBuffer(config.sampler().bufferSize(), (int) img.get(0), (int) img.get(1), (int) img.get(2),
                new SplittableRandom(Seeds.mix(config.seed(), -1, STREAM_BUFFER)));
        this.ebmBatches = new BatchSampler(data.count(), o.batchSize(), config.seed());
        this.encoderBatches = o.encoderBatchSize() == o.batchSize() ? null
                : new BatchSampler(data.count(), o.encoderBatchSize(), Seeds.mix(config.seed(), 0, STREAM_ENCODER_DATA));
        this.encoderAugment = config.augment().augmenter(config.augment().encoder());
        this.ebmAugment = config.augment().augmenter(config.augment().ebm());
        this.transition = config.augment().augmenter(config.sampler().transition());
        this.sgld = Sgld.of(config.sampler());
        this.health = new TrainingHealth(config.guard(), o.warmupIterations(), config.loss().beta() > 0);
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

    /** Shows every phase of each following step to {@code o} (e.g. to export tensors for a differential test). */
    public void setObserver(StepObserver o) {
        this.observer = o == null ? StepObserver.NONE : o;
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
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
             Writer gradients = Files.newBufferedWriter(runDir.resolve("gradients.jsonl"), StandardCharsets.UTF_8,
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
                    gradients.write(m.gradientsJson());
                    gradients.write('\n');
                    gradients.flush();
                }
                if (iteration % log.sampleEvery() == 0 || iteration == config.iterations()) {
                    writeBufferGrid();
                }
                if (iteration % log.checkpointEvery() == 0 || iteration == config.iterations()) {
                    save(runDir.resolve(LAST));
                    listener.onMessage("iteration " + iteration + ": checkpoint " + runDir.resolve(LAST));
                }
                if (evaluation != null && config.eval().every() > 0
                        && (iteration % config.eval().every() == 0 || iteration == config.iterations())) {
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
        double floor = evaluation.floor();
        double ceiling = evaluation.ceiling();
        double relative = (value - floor) / (ceiling - floor);
        String line = String.format(java.util.Locale.ROOT,
                "{\"iteration\":%d,\"metric\":\"%s\",\"value\":%s,\"chains\":%d,\"floor\":%s,\"ceiling\":%s,"
                        + "\"relative\":%s}%n", iteration, evaluation.metricName(), json(value), n, json(floor), json(ceiling),
                json(relative));
        Files.writeString(runDir.resolve("eval.jsonl"), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        evaluations.add(List.of(iteration, format(value), format(floor), format(ceiling), format(relative)));
        EvalTable.of("Replay buffer during training: " + evaluation.metricName(),
                List.of("iteration", evaluation.metricName() + " of " + n + " chains", "floor (held-out real)",
                        "ceiling (uniform noise)", "relative position (0 = floor, 1 = ceiling)"),
                evaluations, List.of(), "floor and ceiling use as many images as the buffer score; "
                        + "eval.reference_split " + config.eval().referenceSplit() + " is the reference")
                .write(runDir.resolve("eval").resolve("training-fd.json"));
        String msg = String.format(java.util.Locale.ROOT, "iteration %d: %s of %d buffer chains = %.4f", iteration,
                evaluation.metricName(), n, value);
        if (Double.isFinite(relative)) {
            msg += String.format(java.util.Locale.ROOT, " (floor %.4f, ceiling %.4f: %.1f%% of the way)", floor, ceiling,
                    100 * relative);
        }
        if (value < bestValue) {
            bestValue = value;
            save(runDir.resolve(BEST));
            msg += " (best so far: " + runDir.resolve(BEST) + ")";
        }
        listener.onMessage(msg);
    }

    /** Rows of eval/training-fd.json, one per evaluation of this process. */
    private final List<List<Object>> evaluations = new java.util.ArrayList<>();

    private static String json(double v) {
        return Double.isFinite(v) ? String.valueOf(v) : "null";
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.4f", v) : "";
    }

    private boolean rollBack(DivergenceException e) throws IOException {
        Path last = runDir.resolve(LAST);
        if (e.action() != DivergenceAction.ROLLBACK) {
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
        health.reset();
        consecutiveSkips = 0;
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
        var s = config.sampler();
        double ebmLr = Schedules.linearWarmup(o.ebmLr(), o.warmupIterations(), t);
        double encLr = Schedules.cosine(o.encoderLr(), config.iterations(), t);
        double emaDecay = Schedules.emaDecay(config.ema().halflife(), o.batchSize(), t);
        StepMetrics metrics;
        PhaseTimes phases = new PhaseTimes();
        try (NDManager it = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(it, false);
            // 1. data x, dequantized. The encoder trains on the same x (public code, models/ebm.py JointModel.forward);
            //    a batch of its own only when optim.encoder_batch_size differs.
            NDArray x = dequantize(BatchSampler.toNDArray(it, data, ebmBatches.indices(t)));
            NDArray xEnc = encoderBatches == null ? x
                    : dequantize(BatchSampler.toNDArray(it, data, encoderBatches.indices(t)));
            observer.batch(t, x, xEnc);
            observer.schedules(ebmLr, encLr, emaDecay);
            phases.lap(StepPhase.DATA);

            // 2. x~: distinct chains from the replay buffer (some restarted from noise), all moved by the transition
            //    augmentation, then SGLD on the marginal energy E(x), written back (models/sampler.py MCMCSampler.sample).
            //    With sampler.update_spectral_norm the EBM samples in training mode, as the public code's does: every
            //    SGLD forward runs one power iteration.
            ReplayBuffer.Draw draw = buffer.choose(o.batchSize(), s.reinitProb(), rng);
            NDArray start = transition.apply(buffer.read(draw, it, rng));
            observer.chains(start);
            phases.lap(StepPhase.TRANSITION);
            boolean trainingMode = s.updateSpectralNorm();
            NDArray samples = sgld.run(xi -> live.ebm().evaluate(ps, xi, trainingMode).marginal(), start, s.steps(),
                    observer, live.ebm());
            observer.samples(samples);
            buffer.write(draw, samples);
            lastDraw = draw;
            phases.lap(StepPhase.SGLD);

            // 3. z = h(t(x)) / ||h(t(x))||, no gradient (eq. 9); the two views of L_LE as one batch
            //    h(augment([x; x])), so that BatchNorm statistics cover all 2B views (public code)
            NDArray augmented = ebmAugment.apply(x);
            NDArray views = encoderAugment.apply(NDArrays.concat(new NDList(xEnc, xEnc), 0));
            phases.lap(StepPhase.AUGMENT);
            NDArray z = live.encoder().latent(ps, augmented, true).stopGradient();
            phases.lap(StepPhase.LATENT);
            observer.encoderInputs(augmented, z, views);

            // 4. L_EBM (eq. 12) on [x, x~] in one forward, L_LE (eq. 13) with the EBM's latents as extra negatives,
            //    one backward of the sum
            NDArray total;
            EbmLoss.Terms terms;
            NDArray le;
            EnergyOutput both;
            int b = o.batchSize();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                both = live.ebm().evaluate(ps, NDArrays.concat(new NDList(x, samples), 0), true);
                EnergyOutput real = slice(both, 0, b);
                EnergyOutput fake = slice(both, b, 2 * b);
                terms = EbmLoss.compute(real, z, fake, (float) l.alpha(), (float) l.beta());
                NDArray h = live.encoder().forward(ps, new NDList(views), true).singletonOrThrow();
                le = NtXentLoss.compute(h, l.useNegatives() ? fake.direction().stopGradient() : null,
                        (float) l.temperature());
                total = terms.total().add(le);
                observer.losses(both, terms, h, le, total);
                checkDivergence(t, total, terms);
                phases.lap(StepPhase.FORWARD);
                Backward.run(gc, total);
            }
            phases.lap(StepPhase.BACKWARD);
            observer.gradients(live);

            // 5. the guard reads every gradient; only finite ones reach Adam (f, g; warm-up), SGD (h; cosine) and the EMA
            GradientNorms ebmGrads = GradientNorms.of(ebmParameters, it);
            GradientNorms encGrads = GradientNorms.of(encoderParameters, it);
            float[] extremes = extremes(ps, both);
            boolean apply = acceptGradients(t, ebmGrads, encGrads);
            phases.lap(StepPhase.GUARD);
            if (apply) {
                ebmOptimizer.step(ebmLr);
                encoderOptimizer.step(encLr);
                phases.lap(StepPhase.OPTIMIZERS);
                ExponentialMovingAverage.update(ema.ebm(), live.ebm(), emaDecay);
                ExponentialMovingAverage.update(ema.encoder(), live.encoder(), emaDecay);
                observer.updated(live, ema);
                phases.lap(StepPhase.EMA);
            }
            Adam.StepStats adam = apply ? ebmOptimizer.lastStep() : new Adam.StepStats(Double.NaN, Double.NaN);
            StepDiagnostics diagnostics = new StepDiagnostics(ebmGrads.total(), encGrads.total(), adam.gradToMoment(),
                    adam.maxUpdateOverLr(), extremes[0], extremes[1], extremes[2], !apply);
            metrics = new StepMetrics(t + 1, total.getFloat(), terms.total().getFloat(), le.getFloat(),
                    terms.realEnergy().getFloat(), terms.fakeEnergy().getFloat(), terms.latentCosine().getFloat(),
                    ebmLr, encLr, (System.nanoTime() - t0) / 1e9, diagnostics, ebmGrads, phases);
        }
        iteration = t + 1;
        String unhealthy = health.observe(iteration, metrics.energyData(), metrics.energySample(), metrics.latentCosine(),
                metrics.diagnostics().gradToMoment());
        if (unhealthy != null) {
            throw new DivergenceException(unhealthy, config.guard().onDivergence());
        }
        return metrics;
    }

    /** {min ||f(x)||, min ||g_raw||, max E(x)} over the data and the samples of this iteration (one synchronization). */
    private float[] extremes(ParameterStore ps, EnergyOutput both) {
        try (NDManager scope = both.features().getManager().newSubManager()) {
            NDArray f = both.features().stopGradient();
            f.attach(scope);
            NDArray fNorm = f.norm(new int[] {1}).min();
            NDArray gNorm = live.ebm().projector().preNormalizationNorms(ps, f).min();
            NDArray e = both.marginal().stopGradient();
            e.attach(scope);
            NDArray stacked = NDArrays.stack(new NDList(fNorm, gNorm, e.max()));
            for (NDArray a : new NDArray[] {fNorm, gNorm, stacked}) {
                a.attach(scope);
            }
            return stacked.toFloatArray();
        }
    }

    /**
     * Whether this iteration's gradients may be applied. A non-finite gradient never is: the gradients are zeroed and,
     * as guard.on_bad_gradient says, the update is skipped (up to guard.max_skips in a row) or a
     * {@link DivergenceException} asks for a rollback or a stop.
     */
    private boolean acceptGradients(long t, GradientNorms ebmGrads, GradientNorms encGrads) {
        int bad = ebmGrads.firstNonFinite();
        GradientNorms where = ebmGrads;
        if (bad < 0) {
            bad = encGrads.firstNonFinite();
            where = encGrads;
        }
        if (bad < 0) {
            consecutiveSkips = 0;
            return true;
        }
        zeroGradients();
        GuardConfig g = config.guard();
        String problem = "non-finite gradient at iteration " + (t + 1) + ": ||grad " + where.names().get(bad) + "|| = "
                + where.norms()[bad];
        if (g.onBadGradient() != DivergenceAction.SKIP) {
            throw new DivergenceException(problem, g.onBadGradient());
        }
        consecutiveSkips++;
        if (consecutiveSkips > g.maxSkips()) {
            throw new DivergenceException(problem + "; " + consecutiveSkips + " updates in a row skipped (guard.max_skips "
                    + g.maxSkips() + ")", g.onDivergence());
        }
        listener.onMessage("iteration " + (t + 1) + ": update skipped (guard.on_bad_gradient=skip): " + problem);
        return false;
    }

    private void checkDivergence(long t, NDArray total, EbmLoss.Terms terms) {
        String problem = divergence(config.guard(), t, total.getFloat(), terms.realEnergy().getFloat(),
                terms.fakeEnergy().getFloat());
        if (problem != null) {
            zeroGradients();
            throw new DivergenceException(problem, config.guard().onDivergence());
        }
    }

    /**
     * The guard's single-step verdict on one iteration's loss and mean energies: null when healthy, else what is wrong.
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
