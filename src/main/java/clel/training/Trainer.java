package clel.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import clel.augment.Augmenter;
import clel.config.ClelConfig;
import clel.data.BatchSampler;
import clel.data.Dequantization;
import clel.data.ImageSet;
import clel.encoder.EncoderObjective;
import clel.energy.EnergyOutput;
import clel.evaluation.BufferEvaluation;
import clel.evaluation.TrainingEvaluation;
import clel.loss.EbmLoss;
import clel.model.ClelNetworks;
import clel.model.NetworkSelfCheck;
import clel.nn.Backward;
import clel.optim.Adam;
import clel.optim.MomentumSgd;
import clel.optim.ParameterGroup;
import clel.optim.Schedules;
import clel.optim.Seeds;
import clel.run.Checkpoint;
import clel.run.FileLoading;
import clel.run.RunFolder;
import clel.sampling.ReplayBuffer;
import clel.sampling.ReplaySampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Joint training of the EBM and the latent encoder (paper Algorithm 1). One {@link #step} is:
 * <ol>
 *   <li>draw a data batch x (and a separate encoder batch), dequantized;</li>
 *   <li>x~: chains drawn from the replay buffer (restarted with reinit_prob, augmented by the transition),
 *       run through SGLD on the marginal energy E(x), written back;</li>
 *   <li>z = h(t(x)) / ||h(t(x))|| without gradient (eq. 9);</li>
 *   <li>L_EBM (eq. 12) on [x, x~] in one forward; L_LE on two augmented views as loss.encoder_objective says
 *       ({@link EncoderObjective}: eq. 13 with the EBM's latents g(f(x~)) as extra negatives, or BYOL); one backward
 *       of the sum;</li>
 *   <li>divergence guard, then Adam (warm-up) for f and g, SGD (cosine) for h, and the EMA copies.</li>
 * </ol>
 * Every random choice of iteration t derives from (seed, t) ({@link Seeds}), so resuming from a checkpoint
 * continues exactly. {@link #run} writes the run folder through {@link TrainingLoop}'s listeners.
 */
public final class Trainer implements AutoCloseable {
    private static final long STREAM_TORCH = 1;
    private static final long STREAM_BUFFER = 2;
    private static final long STREAM_ENCODER_DATA = 3;

    private final ClelConfig config;
    private final ImageSet data;
    private final RunFolder folder;
    private final TrainingListener listener;
    private final NDManager manager;
    private final ClelNetworks live;
    private final ClelNetworks ema;
    private final ParameterGroup ebmParameters;
    private final ParameterGroup encoderParameters;
    /** How h learns (loss.encoder_objective): L_LE, its own blocks and what follows each update. */
    private final EncoderObjective objective;
    private final Adam ebmOptimizer;
    private final MomentumSgd encoderOptimizer;
    private final ReplayBuffer buffer;
    private final BatchSampler ebmBatches;
    /** Null when the encoder trains on the EBM's batch (equal batch sizes, as in the public code). */
    private final BatchSampler encoderBatches;
    /** The updates of h after the iteration's own (optim.encoder_steps - 1 of them). */
    private final FurtherEncoderUpdates furtherEncoderUpdates;
    private final Augmenter encoderAugment;
    private final Augmenter ebmAugment;
    private final ReplaySampler replay;
    private final TrainingHealth health;
    private long iteration;
    private final UpdateGuard guard;
    private final TrainingCheckpoint state;
    private BufferEvaluation evaluation;
    private StepObserver observer = StepObserver.NONE;
    private double bestValue = Double.POSITIVE_INFINITY;
    /** The rollback attempt whose random draws the following iterations use (0 before any rollback). */
    private long rollbackSalt;

    private Trainer(ClelConfig config, ImageSet data, Path runDir, TrainingListener listener, Device device) {
        this.config = config;
        this.data = data;
        this.folder = new RunFolder(runDir);
        this.listener = listener;
        this.manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed((int) Seeds.mix(config.seed(), -1, STREAM_TORCH));
        this.live = ClelNetworks.create(config, manager);
        this.ema = ClelNetworks.create(config, manager);
        ema.follow(live, 0);
        var o = config.optim();
        this.ebmParameters = new ParameterGroup(live.ebm());
        this.objective = EncoderObjective.of(config, live.encoder(), manager);
        this.encoderParameters = ParameterGroup.of(live.encoder(), objective.trainable());
        this.ebmOptimizer = new Adam(ebmParameters, manager, o.ebmBeta1(), o.ebmBeta2(), o.ebmEps());
        this.encoderOptimizer = new MomentumSgd(encoderParameters, manager, o.encoderMomentum(), o.encoderWeightDecay());
        this.buffer = new ReplayBuffer(config.sampler().bufferSize(), live.imageShape(),
                new SplittableRandom(Seeds.mix(config.seed(), -1, STREAM_BUFFER)));
        this.ebmBatches = new BatchSampler(data.count(), o.batchSize(), config.seed());
        this.encoderBatches = o.encoderBatchSize() == o.batchSize() ? null
                : new BatchSampler(data.count(), o.encoderBatchSize(), Seeds.mix(config.seed(), 0, STREAM_ENCODER_DATA));
        this.encoderAugment = config.augment().augmenter(config.augment().encoder());
        this.ebmAugment = config.augment().augmenter(config.augment().ebm());
        this.replay = new ReplaySampler(config.sampler(), buffer, config.augment().augmenter(config.sampler().transition()));
        this.health = new TrainingHealth(config.guard(), o.warmupIterations(), config.loss().beta() > 0);
        this.guard = new UpdateGuard(config.guard(), Stream.concat(Stream.of(live.ebm(), live.encoder()),
                objective.trainable().stream()).toList());
        this.furtherEncoderUpdates = new FurtherEncoderUpdates(o.encoderSteps() - 1, data, o.encoderSteps() == 1 ? null
                : new BatchSampler(data.count(), o.encoderBatchSize(), Seeds.mix(config.seed(), 1, STREAM_ENCODER_DATA)),
                encoderAugment, objective, encoderParameters, encoderOptimizer, guard, listener);
        this.state = new TrainingCheckpoint(config, data, live, ema, objective, ebmOptimizer, encoderOptimizer,
                buffer, manager);
    }

    /**
     * A new run. Empty model.input_mean/input_std are taken from the data set; the data's image size and
     * channels must match the model's; files the encoder objective runs are recorded, e.g. mae's with its SHA-256
     * ({@code EncoderObjective.pinned}).
     *
     * @param config   the run's configuration (e.g. from {@link clel.config.ConfigLoader#load})
     * @param data     the training images
     * @param runDir   the run folder the run writes (created when missing)
     * @param listener told of the run's start, every iteration and notable events ({@link TrainingListener#NONE}: none)
     * @param device   where the networks and the training arrays live
     * @return the trainer at iteration 0; the caller closes it
     */
    public static Trainer start(ClelConfig config, ImageSet data, Path runDir, TrainingListener listener, Device device) {
        ClelConfig resolved = DataFittedConfig.resolve(config, data);
        return new Trainer(EncoderObjective.pinned(resolved), data, runDir, listener, device);
    }

    /**
     * Continues a run from its checkpoint. {@code iterations} (if &gt; 0) replaces the configured total, e.g. to
     * extend a finished run.
     *
     * @param checkpoint a checkpoint the run wrote (e.g. RUN/last.ckpt)
     * @param data       the training images, the same as the run's
     * @param runDir     the run folder the continued run writes
     * @param listener   told of the run's start, every iteration and notable events
     * @param device     where the networks and the training arrays live
     * @param iterations the new total of iterations, or 0 to keep the configured one
     * @return the trainer at the checkpoint's iteration; the caller closes it
     * @throws IOException naming the file when the checkpoint cannot be read or does not fit {@code data}
     */
    public static Trainer resume(Path checkpoint, ImageSet data, Path runDir, TrainingListener listener, Device device,
                                 int iterations) throws IOException {
        return resume(Checkpoint.read(checkpoint), checkpoint, data, runDir, listener, device, iterations, null);
    }

    /**
     * As {@link #resume(Path, ImageSet, Path, TrainingListener, Device, int)} from an already read checkpoint, with the
     * FID Inception file the user names for the run's evaluation ({@link #resumableConfig}).
     *
     * @param ckpt       the checkpoint's contents
     * @param checkpoint the file {@code ckpt} was read from (named in messages)
     * @param data       the training images, the same as the run's
     * @param runDir     the run folder the continued run writes
     * @param listener   told of the run's start, every iteration and notable events
     * @param device     where the networks and the training arrays live
     * @param iterations the new total of iterations, or 0 to keep the configured one
     * @param inception  the Inception file named by the user, or null
     * @return the trainer at the checkpoint's iteration; the caller closes it
     * @throws IOException naming the file when the checkpoint does not fit {@code data}
     */
    public static Trainer resume(Checkpoint ckpt, Path checkpoint, ImageSet data, Path runDir, TrainingListener listener,
                                 Device device, int iterations, Path inception) throws IOException {
        ckpt.meta(checkpoint);
        ClelConfig stored = resumableConfig(ckpt.config(checkpoint), checkpoint, inception);
        ClelConfig cfg = iterations > 0 ? stored.withIterations(iterations) : stored;
        return FileLoading.guard(checkpoint, () -> {
            Trainer t = new Trainer(DataFittedConfig.resolve(cfg, data), data, runDir, listener, device);
            try {
                t.restore(ckpt, checkpoint);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                t.close();
                throw e;
            }
            return t;
        });
    }

    /**
     * A checkpoint's stored configuration as a resumed run uses it, checked by the rule that a checkpoint never makes
     * a TorchScript file run: its eval.inception is replaced by the file the user names ({@link
     * TrainingEvaluation#resumable}), and a file its encoder objective runs (mae's encoder_objectives.mae.encoder) must
     * be as recorded at training ({@code EncoderObjective.requireRecorded}). Callers check before they read data or
     * touch a run folder.
     *
     * @param stored     the configuration stored in the checkpoint
     * @param checkpoint the checkpoint (named in messages)
     * @param inception  the Inception file named by the user, or null
     * @return the configuration the resumed run uses
     * @throws IllegalArgumentException one line naming the checkpoint
     */
    public static ClelConfig resumableConfig(ClelConfig stored, Path checkpoint, Path inception) {
        ClelConfig resumable = TrainingEvaluation.resumable(stored, inception, checkpoint);
        EncoderObjective.requireRecorded(resumable, checkpoint);
        return resumable;
    }

    /** @param o shown every phase of each following step (e.g. to export tensors for a differential test); or null */
    public void setObserver(StepObserver o) { this.observer = o == null ? StepObserver.NONE : o; }

    /** @param e scores the replay buffer every eval.every iterations in {@link #run}, instead of the configured one */
    public void setEvaluation(BufferEvaluation e) { this.evaluation = e; }

    /** @return the run's configuration, with the input normalization taken from the data when it was empty */
    public ClelConfig config() { return config; }
    /**
     * @return where every array of training lives: the networks, optimizer state, batches, samples and the evaluation
     */
    public Device device() { return manager.getDevice(); }
    /** @return the networks being trained */
    public ClelNetworks live() { return live; }
    /** @return the exponential moving average of the live networks' weights (the paper's evaluation weights) */
    public ClelNetworks ema() { return ema; }
    /** @return the number of iterations completed */
    public long iteration() { return iteration; }
    /** @return the replay buffer of SGLD chains */
    public ReplayBuffer buffer() { return buffer; }

    /**
     * Runs until the configured number of iterations with the standard side jobs ({@link TrainingLoop#standard}): metrics
     * files, sample grids, the buffer evaluation, checkpoints. The evaluation is the one set by {@link #setEvaluation},
     * else, when eval.every &gt; 0, the one the configuration describes (clel.evaluation.TrainingEvaluation).
     * First the host self-check ({@link NetworkSelfCheck}): on a host whose kernels compute one of these networks'
     * convolutions wrongly, nothing is trained.
     *
     * @throws clel.nn.KernelDefectException when the self-check fails
     * @throws DivergenceException when training diverges and guard.on_divergence does not roll it back
     * @throws IOException when a file of the run folder cannot be written
     */
    public void run() throws IOException {
        NetworkSelfCheck.verify(live, manager);
        TrainingLoop.runStandard(this, listener, evaluation);
    }

    /** @return the training images */
    public ImageSet data() { return data; }
    /** @return the run folder's files */
    public RunFolder folder() { return folder; }
    /** @return the lowest buffer evaluation so far (+infinity before the first); carried in checkpoints */
    public double bestEvaluation() { return bestValue; }

    void setBestEvaluation(double value) { this.bestValue = value; }

    /**
     * Up to {@code n} of the chains the latest iteration sampled, as they are now in the replay buffer (N, C, H, W), in
     * {@code m}; null before the first iteration of this process.
     *
     * @param n the most chains returned
     * @param m the manager of the result
     * @return the chains, or null
     */
    public NDArray lastSampledChains(int n, NDManager m) { return replay.lastSampledChains(n, m); }

    /**
     * Writes a checkpoint of the whole training state atomically ({@link TrainingCheckpoint}). Refuses NaN weights.
     *
     * @param target the checkpoint file
     * @throws IOException when it cannot be written
     * @throws DivergenceException when a weight is NaN
     */
    public void save(Path target) throws IOException {
        state.capture(new TrainingCheckpoint.Position(iteration, bestValue)).write(target);
    }

    private void restore(Checkpoint ckpt, Path file) throws IOException {
        TrainingCheckpoint.Position p = state.restore(ckpt, file);
        iteration = p.iteration();
        bestValue = p.bestEvaluation();
    }

    /**
     * Restores an earlier state after a divergence; the following iterations draw different random numbers than the
     * ones that diverged ({@code attempt} salts the seeds).
     */
    void rollBack(Checkpoint ckpt, Path file, int attempt) throws IOException {
        restore(ckpt, file);
        health.reset();
        guard.reset();
        rollbackSalt = attempt;
    }

    /**
     * One iteration of Algorithm 1.
     *
     * @return what the iteration measured
     * @throws DivergenceException when the divergence guard finds a problem; its action says whether to roll back
     */
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
        double emaDecay = Schedules.emaDecay(config.ema().halflife(), o.batchSize(), t);
        StepMetrics metrics;
        PhaseTimes phases = new PhaseTimes();
        try (NDManager it = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(it, false);
            // 1. data x, dequantized. The encoder trains on the same x (public code, models/ebm.py JointModel.forward);
            //    a batch of its own only when optim.encoder_batch_size differs.
            NDArray x = Dequantization.apply(BatchSampler.toNDArray(it, data, ebmBatches.indices(t)));
            NDArray xEnc = encoderBatches == null ? x
                    : Dequantization.apply(BatchSampler.toNDArray(it, data, encoderBatches.indices(t)));
            observer.batch(t, x, xEnc);
            observer.schedules(ebmLr, encLr, emaDecay);
            phases.lap(StepPhase.DATA);

            // 2. x~: chains from the replay buffer, moved by the transition, SGLD on E(x), written back
            NDArray samples = replay.sample(live.ebm(), ps, o.batchSize(), it, rng, start -> {
                observer.chains(start);
                phases.lap(StepPhase.TRANSITION);
            }, observer);
            observer.samples(samples);
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
            Map<String, Double> measured;
            NDArray sampleLatents;
            int b = o.batchSize();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                both = live.ebm().evaluate(ps, NDArrays.concat(new NDList(x, samples), 0), true);
                EnergyOutput real = both.slice(0, b);
                EnergyOutput fake = both.slice(b, 2 * b);
                terms = EbmLoss.compute(real, z, fake, (float) l.alpha(), (float) l.beta());
                sampleLatents = fake.direction().stopGradient();
                EncoderObjective.Loss encoderLoss = objective.loss(ps, views, sampleLatents);
                le = encoderLoss.value();
                total = terms.total().add(le);
                observer.losses(both, terms, encoderLoss.projections(), le, total);
                measured = StepMeasures.measure(new StepQuantities(real, fake, z, terms));
                guard.checkLoss(t, total.getFloat(), terms.realEnergy().getFloat(), terms.fakeEnergy().getFloat());
                phases.lap(StepPhase.FORWARD);
                Backward.run(gc, total);
            }
            phases.lap(StepPhase.BACKWARD);
            observer.gradients(live);

            // 5. the guard reads every gradient; only finite ones reach Adam (f, g; warm-up), SGD (h; cosine) and the EMA
            GradientNorms ebmGrads = GradientNorms.of(ebmParameters, it);
            GradientNorms encGrads = GradientNorms.of(encoderParameters, it);
            float[] extremes = StepDiagnostics.extremes(live.ebm().projector(), ps, both);
            boolean apply = guard.acceptGradients(t, ebmGrads, encGrads, listener);
            phases.lap(StepPhase.GUARD);
            if (apply) {
                ebmOptimizer.step(ebmLr);
                encoderOptimizer.step(encLr);
                furtherEncoderUpdates.run(t, it, ps, sampleLatents, encLr);
                phases.lap(StepPhase.OPTIMIZERS);
                ema.follow(live, emaDecay);
                objective.afterUpdate(t, config.iterations());
                observer.updated(live, ema);
                phases.lap(StepPhase.EMA);
            }
            StepDiagnostics diagnostics = StepDiagnostics.of(ebmGrads, encGrads, apply ? ebmOptimizer.lastStep() : null,
                    extremes);
            metrics = new StepMetrics(t + 1, total.getFloat(), terms.total().getFloat(), le.getFloat(),
                    terms.realEnergy().getFloat(), terms.fakeEnergy().getFloat(), terms.latentCosine().getFloat(),
                    ebmLr, encLr, (System.nanoTime() - t0) / 1e9, diagnostics, ebmGrads, phases, measured);
        }
        iteration = t + 1;
        health.check(metrics);
        return metrics;
    }

    @Override
    public void close() {
        manager.close();
    }
}
