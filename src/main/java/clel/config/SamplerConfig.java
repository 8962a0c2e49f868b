package clel.config;

import clel.augment.AugmentationKind;

/**
 * SGLD with a replay buffer (eq. 4 in the public code's form: x &lt;- clamp(x - step_size * grad E + noise * N(0, I), 0, 1)).
 * YAML section {@code sampler}.
 *
 * @param steps       SGLD steps per training iteration (paper 60)
 * @param stepSize    step size on the energy gradient (public code 100)
 * @param noise       std of the Gaussian noise per step (public code 0.001)
 * @param gradClip    clamp the energy gradient to [-clip, clip] before the step; null = off. (The public
 *                    code passes the step size here, i.e. clips at 100 although its config says no clip.)
 * @param bufferSize  replay buffer size (paper 10,000; at most {@link #MAX_BUFFER_SIZE})
 * @param reinitProb  probability that a drawn chain restarts from uniform noise (paper 0.001)
 * @param transition  augmentation applied to chains when drawn from the buffer (paper: strong)
 * @param evalSteps   SGLD steps per round for evaluation samples from fresh noise (paper: 600 base, 1200 large)
 * @param evalRounds  rounds of evalSteps, with the transition augmentation between rounds, as the buffer's chains
 *                    see during training (paper: 1, i.e. plain SGLD from noise)
 * @param updateSpectralNorm during training SGLD, run the EBM in training mode, so that every SGLD forward also runs
 *                    one power iteration of spectral normalization and updates its vectors u, v (the public code:
 *                    models/ebm.py samples while the model is in train mode); false: sample with the vectors as
 *                    they are, leaving the model's state untouched
 */
public record SamplerConfig(int steps, double stepSize, double noise, Double gradClip, int bufferSize,
                            double reinitProb, AugmentationKind transition, int evalSteps, int evalRounds,
                            boolean updateSpectralNorm) {
    /** Largest sampler.buffer_size (the paper's is 10,000); see also ClelConfig's limit on the buffer's values. */
    public static final int MAX_BUFFER_SIZE = 1_000_000;

    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param steps       SGLD steps per training iteration (paper 60)
     * @param stepSize    step size on the energy gradient (public code 100)
     * @param noise       std of the Gaussian noise per step (public code 0.001)
     * @param gradClip    clamp the energy gradient to [-clip, clip] before the step; null = off. (The public
     *                    code passes the step size here, i.e. clips at 100 although its config says no clip.)
     * @param bufferSize  replay buffer size (paper 10,000; at most {@link #MAX_BUFFER_SIZE})
     * @param reinitProb  probability that a drawn chain restarts from uniform noise (paper 0.001)
     * @param transition  augmentation applied to chains when drawn from the buffer (paper: strong)
     * @param evalSteps   SGLD steps per round for evaluation samples from fresh noise (paper: 600 base, 1200 large)
     * @param evalRounds  rounds of evalSteps, with the transition augmentation between rounds, as the buffer's chains
     *                    see during training (paper: 1, i.e. plain SGLD from noise)
     * @param updateSpectralNorm during training SGLD, run the EBM in training mode, so that every SGLD forward also runs
     *                           one power iteration of spectral normalization and updates its vectors u, v (the public code:
     *                           models/ebm.py samples while the model is in train mode); false: sample with the vectors as
     *                           they are, leaving the model's state untouched
     */
    public SamplerConfig {
        Checks.positive("sampler.steps", steps);
        Checks.positive("sampler.step_size", stepSize);
        Checks.nonNegative("sampler.noise", noise);
        if (gradClip != null) {
            Checks.positive("sampler.grad_clip", gradClip);
        }
        Checks.range("sampler.buffer_size", bufferSize, 1, MAX_BUFFER_SIZE);
        Checks.probability("sampler.reinit_prob", reinitProb);
        Checks.notNull("sampler.transition", transition);
        Checks.positive("sampler.eval_steps", evalSteps);
        Checks.positive("sampler.eval_rounds", evalRounds);
    }
}
