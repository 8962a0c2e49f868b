package clel.training;

import ai.djl.ndarray.NDArray;
import clel.energy.EnergyOutput;
import clel.loss.EbmLoss;
import clel.model.ClelNetworks;
import clel.sampling.Sgld;

/**
 * Sees the tensors of every phase of a training step ({@link Trainer#step}), for example to export them for a
 * differential test against a PyTorch twin. Arrays are valid only during the call and must not be modified or
 * closed. Every method does nothing unless overridden.
 */
public interface StepObserver extends Sgld.StepListener {
    /** Observes nothing. */
    StepObserver NONE = new StepObserver() { };

    /**
     * The iteration's data: x dequantized (B, C, H, W); {@code xEncoder} is x itself unless the encoder has a batch
     * of its own.
     *
     * @param iteration the iteration's 0-based index
     * @param x         the EBM's data batch
     * @param xEncoder  the encoder's data batch
     */
    default void batch(long iteration, NDArray x, NDArray xEncoder) {
    }

    /**
     * The iteration's schedules, as the optimizers and the EMA use them: Adam's learning rate (linear warm-up), SGD's
     * (cosine) and the EMA decay ({@link clel.optim.Schedules#emaDecay}; 0 = copy). Called after {@link #batch}.
     *
     * @param ebmLr     Adam's learning rate of f and g
     * @param encoderLr SGD's learning rate of h
     * @param emaDecay  the EMA's decay
     */
    default void schedules(double ebmLr, double encoderLr, double emaDecay) {
    }

    /**
     * The chains drawn from the replay buffer after the transition augmentation.
     *
     * @param start SGLD's start (B, C, H, W)
     */
    default void chains(NDArray start) {
    }

    /**
     * SGLD's result, as written back to the buffer.
     *
     * @param samples x~ (B, C, H, W)
     */
    default void samples(NDArray samples) {
    }

    /**
     * The encoder's inputs and latents: t(x) (B, C, H, W), z = h(t(x))/||h(t(x))|| (B, d), and the stacked views
     * [t1(x); t2(x)] (2B', C, H, W).
     *
     * @param augmented t(x)
     * @param z         the latents of eq. (9)
     * @param views     the two views of each encoder image
     */
    default void encoderInputs(NDArray augmented, NDArray z, NDArray views) {
    }

    /**
     * The training forward: the EBM on [x; x~] (2B rows), L_EBM's terms, h of the views (2B', d), L_LE and the total,
     * before the backward pass.
     *
     * @param both        the EBM's output on [x; x~]
     * @param terms       L_EBM of eq. (12) and its terms
     * @param h           the encoder's outputs on the views
     * @param encoderLoss L_LE of eq. (13)
     * @param total       L_EBM + L_LE
     */
    default void losses(EnergyOutput both, EbmLoss.Terms terms, NDArray h, NDArray encoderLoss, NDArray total) {
    }

    /**
     * After the backward pass, before the guard and the optimizers.
     *
     * @param live the trained networks, their parameters holding their gradients
     */
    default void gradients(ClelNetworks live) {
    }

    /**
     * After the optimizers and the EMA (not called for a skipped update).
     *
     * @param live the updated networks
     * @param ema  their updated moving average
     */
    default void updated(ClelNetworks live, ClelNetworks ema) {
    }
}
