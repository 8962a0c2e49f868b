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
import clel.evaluation.TrainingEvaluation;
import clel.loss.EbmLoss;
import clel.model.ClelNetworks;
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
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Joint training of the EBM and the latent encoder (paper Algorithm 1): one {@link #step} is one iteration, its phases
 * ({@link StepPhase}) in order: a data batch; SGLD samples from the replay buffer; the encoder's latents; L_EBM and L_LE
 * in one forward and one backward; the divergence guard, the optimizers and the EMA. Every random choice of iteration
 * t derives from (seed, t) ({@link Seeds}), so resuming from a checkpoint continues exactly. A {@link TrainingLoop}
 * runs the iterations with the side jobs that write the run folder.
 */
public final class Trainer implements AutoCloseable {
    private static final long STREAM_TORCH = 1;
    private static final long STREAM_BUFFER = 2;
    private static final long STREAM_ENCODER_DATA = 3;

    private final ClelConfig config;
    private final ImageSet data;
    private final RunFolder folder;
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
    /** The best buffer evaluation of the checkpoint this trainer resumed from (+infinity for a new run). */
    private double bestEvaluationAtStart = Double.POSITIVE_INFINITY;
    /** The rollback attempt whose random draws the following iterations use (0 before any rollback). */
    private long rollbackSalt;

    private Trainer(ClelConfig config, ImageSet data, Path runDir, Device device) {
        this.config = config;
        this.data = data;
        this.folder = new RunFolder(runDir);
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
                encoderAugment, objective, encoderParameters, encoderOptimizer, guard);
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
     * @param device   where the networks and the training arrays live
     * @return the trainer at iteration 0; the caller closes it
     */
    public static Trainer start(ClelConfig config, ImageSet data, Path runDir, Device device) {
        ClelConfig resolved = DataFittedConfig.resolve(config, data);
        return new Trainer(EncoderObjective.pinned(resolved), data, runDir, device);
    }

    /**
     * Continues a run from its checkpoint. {@code iterations} (if &gt; 0) replaces the configured total, e.g. to
     * extend a finished run.
     *
     * @param checkpoint a checkpoint the run wrote (e.g. RUN/last.ckpt)
     * @param data       the training images, the same as the run's
     * @param runDir     the run folder the continued run writes
     * @param device     where the networks and the training arrays live
     * @param iterations the new total of iterations, or 0 to keep the configured one
     * @return the trainer at the checkpoint's iteration; the caller closes it
     * @throws IOException naming the file when the checkpoint cannot be read or does not fit {@code data}
     */
    public static Trainer resume(Path checkpoint, ImageSet data, Path runDir, Device device, int iterations)
            throws IOException {
        return resume(Checkpoint.read(checkpoint), checkpoint, data, runDir, device, iterations, null);
    }

    /**
     * As {@link #resume(Path, ImageSet, Path, Device, int)} from an already read checkpoint, with the
     * FID Inception file the user names for the run's evaluation ({@link #resumableConfig}).
     *
     * @param ckpt       the checkpoint's contents
     * @param checkpoint the file {@code ckpt} was read from (named in messages)
     * @param data       the training images, the same as the run's
     * @param runDir     the run folder the continued run writes
     * @param device     where the networks and the training arrays live
     * @param iterations the new total of iterations, or 0 to keep the configured one
     * @param inception  the Inception file named by the user, or null
     * @return the trainer at the checkpoint's iteration; the caller closes it
     * @throws IOException naming the file when the checkpoint does not fit {@code data}
     */
    public static Trainer resume(Checkpoint ckpt, Path checkpoint, ImageSet data, Path runDir, Device device,
                                 int iterations, Path inception) throws IOException {
        ckpt.meta(checkpoint);
        ClelConfig stored = resumableConfig(ckpt.config(checkpoint), checkpoint, inception);
        ClelConfig cfg = iterations > 0 ? stored.withIterations(iterations) : stored;
        return FileLoading.guard(checkpoint, () -> {
            Trainer t = new Trainer(DataFittedConfig.resolve(cfg, data), data, runDir, device);
            try {
                t.bestEvaluationAtStart = t.restore(ckpt, checkpoint).bestEvaluation();
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
    /** @return the training images */
    public ImageSet data() { return data; }
    /** @return the run folder's files */
    public RunFolder folder() { return folder; }
    /**
     * @return the lowest buffer evaluation of the run before this trainer started or resumed, as its checkpoint carried
     *         it (+infinity for a new run); the run's evaluation keeps the best score from there
     */
    public double bestEvaluationAtStart() { return bestEvaluationAtStart; }

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
     * As {@link #save(Path, double)}, carrying {@link #bestEvaluationAtStart()}.
     *
     * @param target the checkpoint file
     * @throws IOException when it cannot be written
     */
    public void save(Path target) throws IOException {
        save(target, bestEvaluationAtStart);
    }

    /**
     * Writes a checkpoint of the whole training state atomically ({@link TrainingCheckpoint}) that carries the run's
     * best buffer evaluation so far, for the evaluation of a run resumed from it. Refuses NaN weights.
     *
     * @param target         the checkpoint file
     * @param bestEvaluation the lowest buffer evaluation so far (+infinity before the first)
     * @throws IOException when it cannot be written
     * @throws DivergenceException when a weight is NaN
     */
    public void save(Path target, double bestEvaluation) throws IOException {
        state.capture(new TrainingCheckpoint.Position(iteration, bestEvaluation)).write(target);
    }

    private TrainingCheckpoint.Position restore(Checkpoint ckpt, Path file) throws IOException {
        TrainingCheckpoint.Position p = state.restore(ckpt, file);
        iteration = p.iteration();
        return p;
    }

    /** Restores an earlier state after a divergence; {@code attempt} salts the seeds of the iterations that follow. */
    void rollBack(Checkpoint ckpt, Path file, int attempt) throws IOException {
        restore(ckpt, file);
        health.reset();
        guard.reset();
        rollbackSalt = attempt;
    }

    /**
     * One iteration of Algorithm 1, observed by no one.
     *
     * @return what the iteration measured
     * @throws DivergenceException when the divergence guard finds a problem; its action says whether to roll back
     */
    public StepMetrics step() {
        return step(TrainingObserver.NONE);
    }

    /**
     * One iteration of Algorithm 1, each phase shown to {@code observer} as it ends.
     *
     * @param observer told of every phase ({@link StepTensors}), every SGLD step and an update the guard skips
     * @return what the iteration measured
     * @throws DivergenceException when the divergence guard finds a problem; its action says whether to roll back
     */
    public StepMetrics step(TrainingObserver observer) {
        long t0 = System.nanoTime();
        long t = iteration;
        SplittableRandom rng = seedIteration(t);
        PhaseTimer phases = new PhaseTimer(observer);
        StepMetrics metrics;
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            StepTensors s = withSchedules(t);
            // 1. data x, dequantized. The encoder trains on the same x (public code, models/ebm.py JointModel.forward);
            //    a batch of its own only when optim.encoder_batch_size differs.
            s.x = batch(ebmBatches, t, scope);
            s.xEncoder = encoderBatches == null ? s.x : batch(encoderBatches, t, scope);
            phases.end(StepPhase.DATA, s);
            // 2. x~: chains from the replay buffer, moved by the transition, SGLD on E(x), written back
            s.samples = replay.sample(live.ebm(), ps, config.optim().batchSize(), scope, rng, start -> {
                s.chains = start;
                phases.end(StepPhase.TRANSITION, s);
            }, observer::sgldStep);
            phases.end(StepPhase.SGLD, s);
            // 3. z = h(t(x)) / ||h(t(x))||, no gradient (eq. 9), and the two views of L_LE
            encode(s, ps, phases);
            // 4. L_EBM (eq. 12) on [x, x~] in one forward, L_LE (loss.encoder_objective), one backward of the sum
            Map<String, Double> measures = forwardAndBackward(s, ps, phases);
            // 5. the guard reads every gradient; only finite ones reach Adam (f, g), SGD (h) and the EMA
            GradientNorms ebmGrads = GradientNorms.of(ebmParameters, scope);
            GradientNorms encGrads = GradientNorms.of(encoderParameters, scope);
            float[] extremes = StepDiagnostics.extremes(live.ebm().projector(), ps, s.energies);
            boolean apply = guard.acceptGradients(t, ebmGrads, encGrads, observer::message);
            phases.end(StepPhase.GUARD, s);
            if (apply) {
                update(s, scope, ps, phases, observer::message);
            }
            StepDiagnostics d = StepDiagnostics.of(ebmGrads, encGrads, apply ? ebmOptimizer.lastStep() : null, extremes);
            metrics = StepMetrics.of(s, (System.nanoTime() - t0) / 1e9, d, ebmGrads, phases.times(), measures);
        }
        iteration = t + 1;
        health.check(metrics);
        return metrics;
    }

    /** The random streams of iteration t, salted after a rollback: the engine's is seeded, the buffer's returned. */
    private SplittableRandom seedIteration(long t) {
        long seed = config.seed() + rollbackSalt * 1_000_003L;
        Engine.getInstance().setRandomSeed((int) Seeds.mix(seed, t, STREAM_TORCH));
        return new SplittableRandom(Seeds.mix(seed, t, STREAM_BUFFER));
    }

    /** The tensors of step t, none computed yet: Adam's learning rate (warm-up), SGD's (cosine), the EMA decay. */
    private StepTensors withSchedules(long t) {
        var o = config.optim();
        return new StepTensors(t, Schedules.linearWarmup(o.ebmLr(), o.warmupIterations(), t),
                Schedules.cosine(o.encoderLr(), config.iterations(), t),
                Schedules.emaDecay(config.ema().halflife(), o.batchSize(), t), live, ema);
    }

    /** Batch t of {@code sampler}, dequantized. */
    private NDArray batch(BatchSampler sampler, long t, NDManager scope) {
        return Dequantization.apply(BatchSampler.toNDArray(scope, data, sampler.indices(t)));
    }

    /** Step 3: t(x), the views of L_LE as one batch augment([x; x]) (BatchNorm sees all 2B, as in the public code), z. */
    private void encode(StepTensors s, ParameterStore ps, PhaseTimer phases) {
        s.augmented = ebmAugment.apply(s.x);
        s.views = encoderAugment.apply(NDArrays.concat(new NDList(s.xEncoder, s.xEncoder), 0));
        phases.end(StepPhase.AUGMENT, s);
        s.z = live.encoder().latent(ps, s.augmented, true).stopGradient();
        phases.end(StepPhase.LATENT, s);
    }

    /**
     * Step 4: the EBM on [x; x~], L_EBM, L_LE ({@link EncoderObjective}: eq. 13 with g(f(x~)) as extra negatives, or
     * BYOL), the guard's check of the loss, one backward of the sum; returns the {@link StepMeasure}s.
     */
    private Map<String, Double> forwardAndBackward(StepTensors s, ParameterStore ps, PhaseTimer phases) {
        int b = config.optim().batchSize();
        var l = config.loss();
        Map<String, Double> measures;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            s.energies = live.ebm().evaluate(ps, NDArrays.concat(new NDList(s.x, s.samples), 0), true);
            EnergyOutput real = s.energies.slice(0, b);
            EnergyOutput fake = s.energies.slice(b, 2 * b);
            s.ebmLoss = EbmLoss.compute(real, s.z, fake, (float) l.alpha(), (float) l.beta());
            s.sampleLatents = fake.direction().stopGradient();
            EncoderObjective.Loss encoderLoss = objective.loss(ps, s.views, s.sampleLatents);
            s.projections = encoderLoss.projections();
            s.encoderLoss = encoderLoss.value();
            s.total = s.ebmLoss.total().add(s.encoderLoss);
            measures = StepMeasures.measure(new StepQuantities(real, fake, s.z, s.ebmLoss));
            guard.checkLoss(s.iteration(), s.total.getFloat(), s.ebmLoss.realEnergy().getFloat(),
                    s.ebmLoss.fakeEnergy().getFloat());
            phases.end(StepPhase.FORWARD, s);
            Backward.run(gc, s.total);
        }
        phases.end(StepPhase.BACKWARD, s);
        return measures;
    }

    /** Step 5 with finite gradients: Adam for f and g, SGD for h (and optim.encoder_steps - 1 more), the EMA. */
    private void update(StepTensors s, NDManager scope, ParameterStore ps, PhaseTimer phases, Consumer<String> log) {
        ebmOptimizer.step(s.ebmLr());
        encoderOptimizer.step(s.encoderLr());
        furtherEncoderUpdates.run(s.iteration(), scope, ps, s.sampleLatents, s.encoderLr(), log);
        phases.end(StepPhase.OPTIMIZERS, s);
        ema.follow(live, s.emaDecay());
        objective.afterUpdate(s.iteration(), config.iterations());
        phases.end(StepPhase.EMA, s);
    }

    @Override
    public void close() {
        manager.close();
    }
}
