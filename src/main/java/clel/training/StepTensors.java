package clel.training;

import ai.djl.ndarray.NDArray;
import clel.energy.EnergyOutput;
import clel.loss.EbmLoss;
import clel.model.ClelNetworks;

/**
 * What one training step ({@link Trainer#step}) has computed so far, as {@link TrainingObserver#phaseEnded} sees it:
 * the schedules and networks from the start, each tensor from the end of the phase that computes it (null before).
 * B = optim.batch_size, B' = optim.encoder_batch_size, d = model.feature_dim.
 */
public final class StepTensors {
    private final long iteration;
    private final double ebmLr;
    private final double encoderLr;
    private final double emaDecay;
    private final ClelNetworks live;
    private final ClelNetworks ema;
    NDArray x;
    NDArray xEncoder;
    NDArray chains;
    NDArray samples;
    NDArray augmented;
    NDArray z;
    NDArray views;
    EnergyOutput energies;
    EbmLoss.Terms ebmLoss;
    NDArray sampleLatents;
    NDArray projections;
    NDArray encoderLoss;
    NDArray total;

    StepTensors(long iteration, double ebmLr, double encoderLr, double emaDecay, ClelNetworks live, ClelNetworks ema) {
        this.iteration = iteration;
        this.ebmLr = ebmLr;
        this.encoderLr = encoderLr;
        this.emaDecay = emaDecay;
        this.live = live;
        this.ema = ema;
    }

    /** @return the step's 0-based iteration index */
    public long iteration() { return iteration; }
    /** @return Adam's learning rate of f and g this step (linear warm-up) */
    public double ebmLr() { return ebmLr; }
    /** @return SGD's learning rate of h this step (cosine) */
    public double encoderLr() { return encoderLr; }
    /** @return the EMA's decay this step ({@link clel.optim.Schedules#emaDecay}; 0 = copy) */
    public double emaDecay() { return emaDecay; }
    /** @return the trained networks; after {@link StepPhase#BACKWARD} their parameters hold the step's gradients */
    public ClelNetworks live() { return live; }
    /** @return the moving average of the live networks' weights */
    public ClelNetworks ema() { return ema; }
    /** @return x, the EBM's data batch, dequantized (B, C, H, W); from {@link StepPhase#DATA} */
    public NDArray x() { return x; }
    /** @return the encoder's data batch: x itself unless the encoder has a batch of its own (B', C, H, W) */
    public NDArray xEncoder() { return xEncoder; }
    /** @return SGLD's start: the buffer's chains after the transition augmentation (B, C, H, W) */
    public NDArray chains() { return chains; }
    /** @return x~, SGLD's result as written back to the buffer (B, C, H, W); from {@link StepPhase#SGLD} */
    public NDArray samples() { return samples; }
    /** @return t(x), the EBM batch's augmentation for the latents (B, C, H, W); from {@link StepPhase#AUGMENT} */
    public NDArray augmented() { return augmented; }
    /** @return the stacked encoder views [t1(x); t2(x)] (2B', C, H, W); from {@link StepPhase#AUGMENT} */
    public NDArray views() { return views; }
    /** @return z = h(t(x)) / ||h(t(x))||, the latents of eq. (9) (B, d); from {@link StepPhase#LATENT} */
    public NDArray z() { return z; }
    /** @return the EBM's output on [x; x~] (2B rows); from {@link StepPhase#FORWARD} */
    public EnergyOutput energies() { return energies; }
    /** @return L_EBM of eq. (12) and its terms; from {@link StepPhase#FORWARD} */
    public EbmLoss.Terms ebmLoss() { return ebmLoss; }
    /**
     * @return the samples' latent directions g(f(x~)) without gradient (B, d), L_LE's extra negatives; from
     *         {@link StepPhase#FORWARD}
     */
    public NDArray sampleLatents() { return sampleLatents; }
    /** @return the encoder's outputs on the views (2B', d); from {@link StepPhase#FORWARD} */
    public NDArray projections() { return projections; }
    /** @return L_LE of eq. (13); from {@link StepPhase#FORWARD} */
    public NDArray encoderLoss() { return encoderLoss; }
    /** @return L_EBM + L_LE, the loss of the backward pass; from {@link StepPhase#FORWARD} */
    public NDArray total() { return total; }
}
