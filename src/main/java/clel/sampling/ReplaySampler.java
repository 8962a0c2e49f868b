package clel.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import clel.augment.Augmenter;
import clel.config.SamplerConfig;
import clel.energy.EnergyModel;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The samples x~ of one training iteration (Algorithm 1; public code models/sampler.py MCMCSampler.sample): distinct
 * chains drawn from the replay buffer, each restarted from noise with sampler.reinit_prob, all moved by the transition
 * augmentation, then sampler.steps SGLD steps on the marginal energy E(x) (eq. 11), written back to the buffer. With
 * sampler.update_spectral_norm the EBM samples in training mode, as the public code's does: every SGLD forward runs one
 * power iteration. Images (B, C, H, W) in [0, 1].
 */
public final class ReplaySampler {
    private final SamplerConfig config;
    private final ReplayBuffer buffer;
    private final Augmenter transition;
    private final Sgld sgld;
    /** The chains the latest call sampled. */
    private ReplayBuffer.Draw last;

    /**
     * @param config     the sampler section of the run's configuration
     * @param buffer     the replay buffer
     * @param transition the augmentation of the drawn chains before SGLD
     */
    public ReplaySampler(SamplerConfig config, ReplayBuffer buffer, Augmenter transition) {
        this.config = config;
        this.buffer = buffer;
        this.transition = transition;
        this.sgld = Sgld.of(config);
    }

    /**
     * @param ebm      the EBM whose marginal energy SGLD descends (its parameters are frozen during the steps)
     * @param ps       the iteration's parameter store
     * @param batch    chains to sample
     * @param m        the manager of the result
     * @param rng      the iteration's buffer random stream (which chains, restarts, noise of restarted chains)
     * @param onChains sees the moved chains before SGLD starts
     * @param eachStep sees every SGLD step's tensors
     * @return x~ (batch, C, H, W), also written back to the buffer
     */
    public NDArray sample(EnergyModel ebm, ParameterStore ps, int batch, NDManager m, SplittableRandom rng,
                          Consumer<NDArray> onChains, Consumer<Sgld.Step> eachStep) {
        ReplayBuffer.Draw draw = buffer.choose(batch, config.reinitProb(), rng);
        NDArray start = transition.apply(buffer.read(draw, m, rng));
        onChains.accept(start);
        boolean training = config.updateSpectralNorm();
        NDArray samples = sgld.run(xi -> ebm.evaluate(ps, xi, training).marginal(), start, config.steps(), eachStep, ebm);
        buffer.write(draw, samples);
        last = draw;
        return samples;
    }

    /**
     * Up to {@code n} of the chains the latest call sampled, as they are now in the buffer (N, C, H, W), in {@code m};
     * null before the first call.
     *
     * @param n the most chains returned
     * @param m the manager of the result
     * @return the chains, or null
     */
    public NDArray lastSampledChains(int n, NDManager m) {
        if (last == null) {
            return null;
        }
        int[] idx = Arrays.copyOf(last.indices(), Math.min(n, last.indices().length));
        return buffer.read(new ReplayBuffer.Draw(idx, new boolean[idx.length]), m, new SplittableRandom(0));
    }
}
