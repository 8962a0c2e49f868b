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
     */
    default void batch(long iteration, NDArray x, NDArray xEncoder) {
    }

    /**
     * The iteration's schedules, as the optimizers and the EMA use them: Adam's learning rate (linear warm-up), SGD's
     * (cosine) and the EMA decay ({@link Schedules#emaDecay}; 0 = copy). Called after {@link #batch}.
     */
    default void schedules(double ebmLr, double encoderLr, double emaDecay) {
    }

    /** The chains drawn from the replay buffer after the transition augmentation: SGLD's start (B, C, H, W). */
    default void chains(NDArray start) {
    }

    /** SGLD's result x~ (B, C, H, W), as written back to the buffer. */
    default void samples(NDArray samples) {
    }

    /**
     * The encoder's inputs and latents: t(x) (B, C, H, W), z = h(t(x))/||h(t(x))|| (B, d), and the stacked views
     * [t1(x); t2(x)] (2B', C, H, W).
     */
    default void encoderInputs(NDArray augmented, NDArray z, NDArray views) {
    }

    /**
     * The training forward: the EBM on [x; x~] (2B rows), L_EBM's terms, h of the views (2B', d), L_LE and the total,
     * before the backward pass.
     */
    default void losses(EnergyOutput both, EbmLoss.Terms terms, NDArray h, NDArray encoderLoss, NDArray total) {
    }

    /** After the backward pass, before the guard and the optimizers: parameters hold their gradients. */
    default void gradients(ClelNetworks live) {
    }

    /** After the optimizers and the EMA (not called for a skipped update). */
    default void updated(ClelNetworks live, ClelNetworks ema) {
    }
}
