package clel.sampling;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import clel.augment.AugmentationKind;
import clel.augment.Augmenter;
import clel.energy.DirectionalProjector;
import clel.energy.EnergyModel;
import clel.energy.EnergyOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Sampling from a trained EBM with SGLD from uniform noise (paper Sections 4.1, 4.3, 4.4):
 * unconditional p(x) with E(x) (eq. 11); latent-conditional p(x|z) with E(x, z) (eq. 10) for one z per chain
 * (instance-conditional) or one shared zbar (class-conditional, zbar = normalized sum of a class's latents);
 * compositional with eq. (15) over several directions, weighted and with negated attributes ({@link Composition}).
 */
public final class ConditionalSampler {
    private final EnergyModel ebm;
    private final Sgld sgld;
    private final int steps;
    private final int rounds;
    private final Augmenter transition;
    private IntConsumer progress = steps -> { };

    /**
     * {@code steps} SGLD steps from uniform noise in one round.
     *
     * @param ebm   the EBM sampled from
     * @param sgld  the SGLD settings (step size, noise, gradient clip)
     * @param steps SGLD steps from noise
     */
    public ConditionalSampler(EnergyModel ebm, Sgld sgld, int steps) {
        this(ebm, sgld, steps, 1, Augmenter.of(AugmentationKind.NONE));
    }

    /**
     * {@code rounds} rounds of {@code steps} SGLD steps, the chains passing through the augmentation
     * {@code transition} between rounds, as the replay buffer's chains do during training (the public code
     * samples for its test-time FID by repeatedly running the sampler over a buffer started from noise).
     *
     * @param ebm        the EBM sampled from
     * @param sgld       the SGLD settings (step size, noise, gradient clip)
     * @param steps      SGLD steps per round
     * @param rounds     rounds of {@code steps} steps
     * @param transition the augmentation the chains pass through between rounds
     */
    public ConditionalSampler(EnergyModel ebm, Sgld sgld, int steps, int rounds, Augmenter transition) {
        if (steps <= 0 || rounds <= 0) {
            throw new IllegalArgumentException("SGLD steps and rounds must be positive, got " + steps + " and " + rounds);
        }
        this.ebm = ebm;
        this.sgld = sgld;
        this.steps = steps;
        this.rounds = rounds;
        this.transition = transition;
    }

    /**
     * Receives the number of SGLD steps completed after every round (for progress displays).
     *
     * @param listener called with the round's number of steps
     */
    public void onProgress(IntConsumer listener) {
        this.progress = listener;
    }

    /** @return the SGLD steps one sampling call runs: rounds x steps */
    public int stepsPerCall() {
        return rounds * steps;
    }

    /**
     * Unconditional samples from U(0, 1) noise, by SGLD on E(x) (eq. 11).
     *
     * @param m     the manager of the result (e.g. a sub-manager of {@link clel.model.TrainedModel#manager()})
     * @param batch chains sampled at once
     * @param seed  the seed of the noise and of SGLD
     * @return the samples (batch, C, H, W)
     */
    public NDArray unconditional(NDManager m, int batch, int seed) {
        return run(m, batch, seed, out -> out.marginal());
    }

    /**
     * {@code count} unconditional samples, {@code batch} chains at a time; batch k is shard k and uses seed
     * {@link #shardSeed(int, int) shardSeed(seed, k)}, so any shard can be drawn alone (e.g. on another machine)
     * with the same result.
     *
     * @param m     the manager of the result
     * @param count samples in all
     * @param batch chains sampled at once
     * @param seed  the seed of shard 0
     * @return the samples (count, C, H, W)
     */
    public NDArray unconditional(NDManager m, int count, int batch, int seed) {
        List<NDArray> parts = new ArrayList<>();
        for (int from = 0, k = 0; from < count; from += batch, k++) {
            parts.add(unconditional(m, Math.min(batch, count - from), shardSeed(seed, k)));
        }
        return parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
    }

    /**
     * The seed of shard {@code shard} (0-based) of a sampling run with seed {@code seed}: {@code seed + shard}, the
     * seed {@link #unconditional(NDManager, int, int, int)} gives its batch number {@code shard}.
     *
     * @param seed  the sampling run's seed
     * @param shard the shard's 0-based index
     * @return the shard's seed
     */
    public static int shardSeed(int seed, int shard) {
        if (shard < 0) {
            throw new IllegalArgumentException("shard index must be >= 0, got " + shard);
        }
        return seed + shard;
    }

    /**
     * The sampler of a trained model with its run's SGLD settings (step size, noise, clip) and its augmentation
     * transition between rounds.
     *
     * @param m      the trained model
     * @param steps  SGLD steps per round
     * @param rounds rounds of {@code steps} steps
     * @return the sampler
     */
    public static ConditionalSampler of(clel.model.TrainedModel m, int steps, int rounds) {
        clel.config.ClelConfig cfg = m.config();
        return new ConditionalSampler(m.networks().ebm(), Sgld.of(cfg.sampler()), steps, rounds,
                cfg.augment().augmenter(cfg.sampler().transition()));
    }

    /**
     * Samples from p(x|z) by SGLD on E(x, z) of eq. (10).
     *
     * @param m     the manager of the result
     * @param z     unit latents: (batch, d), one per chain, or (1, d) shared (e.g. a class's zbar)
     * @param batch chains sampled at once
     * @param beta  weight of the latent term of eq. (10)
     * @param seed  the seed of the noise and of SGLD
     * @return the samples (batch, C, H, W)
     */
    public NDArray conditional(NDManager m, NDArray z, int batch, float beta, int seed) {
        return run(m, batch, seed, out -> out.joint(z, beta));
    }

    /**
     * Samples from the composition of eq. (15): E(x) - beta sum_k g(f(x)/||f(x)||)^T zbar_k.
     *
     * @param m     the manager of the result
     * @param zbars K unit directions (K, d), e.g. of K attributes
     * @param batch chains sampled at once
     * @param beta  weight of the latent terms
     * @param seed  the seed of the noise and of SGLD
     * @return the samples (batch, C, H, W)
     */
    public NDArray composed(NDManager m, NDArray zbars, int batch, float beta, int seed) {
        return run(m, batch, seed, out -> out.composed(zbars, beta));
    }

    /**
     * Samples from eq. (15) generalised ({@link clel.energy.Energies#weighted}): K unit directions zbars (K, d) with
     * weights w_k &gt; 0; for a {@link Composition}, the directions of
     * {@link ConditionLatents#ofComposition(Composition, ConditionLatents.AttributeLatents)} and its
     * {@link Composition#magnitudes()}.
     *
     * @param m       the manager of the result
     * @param zbars   (K, d) unit directions
     * @param weights K weights, each &gt; 0
     * @param batch   chains sampled
     * @param beta    beta of the latent terms
     * @param seed    sampling seed
     * @return (batch, C, H, W) samples in {@code m}
     */
    public NDArray weighted(NDManager m, NDArray zbars, float[] weights, int batch, float beta, int seed) {
        return run(m, batch, seed, out -> out.weighted(zbars, weights, beta));
    }

    /**
     * The aggregated direction of Section 4.3, zbar = sum_i z_i / ||sum_i z_i||.
     *
     * @param latents unit latents (N, d)
     * @return zbar (1, d), in the manager of {@code latents}
     */
    public static NDArray aggregate(NDArray latents) {
        try (NDArray sum = latents.sum(new int[] {0}, true)) {
            return DirectionalProjector.unitRows(sum);
        }
    }

    private NDArray run(NDManager m, int batch, int seed, Function<EnergyOutput, NDArray> energy) {
        Engine.getInstance().setRandomSeed(seed);
        Shape img = ebm.imageShape();
        NDArray x0 = m.randomUniform(0f, 1f, new Shape(batch, img.get(0), img.get(1), img.get(2)));
        ParameterStore ps = new ParameterStore(m, false);
        NDArray x = x0;
        for (int r = 0; r < rounds; r++) {
            NDArray start = r == 0 ? x : transition.apply(x);
            NDArray next = sgld.run(xi -> energy.apply(ebm.evaluate(ps, xi, false)), start, steps, ebm);
            if (start != x) {
                start.close();
            }
            x.close();
            x = next;
            progress.accept(steps);
        }
        return x;
    }
}
