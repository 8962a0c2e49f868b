package clel.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import clel.augment.Augmenter;
import clel.data.BatchSampler;
import clel.data.Dequantization;
import clel.data.ImageSet;
import clel.encoder.EncoderObjective;
import clel.nn.Backward;
import clel.optim.MomentumSgd;
import clel.optim.ParameterGroup;
import java.util.function.Consumer;

/**
 * The optim.encoder_steps - 1 updates of h that follow an iteration's own ({@link Trainer#step}): each on a fresh batch
 * of its own two views, L_LE (eq. 13) with the iteration's EBM latents as extra negatives, its gradients checked by the
 * guard as the iteration's were.
 */
final class FurtherEncoderUpdates {
    private final int further;
    private final ImageSet data;
    /** The updates' batches; null without further updates. */
    private final BatchSampler batches;
    private final Augmenter augment;
    private final EncoderObjective objective;
    private final ParameterGroup parameters;
    private final MomentumSgd optimizer;
    private final UpdateGuard guard;

    /**
     * @param further    updates per iteration after the iteration's own (optim.encoder_steps - 1)
     * @param batches    their batches: batch {@code t * further + j} is update j of iteration t; null when further is 0
     * @param augment    the encoder's augmentation of its two views
     * @param parameters h's trainable parameters
     * @param optimizer  h's optimizer
     * @param guard      checks the gradients of every update
     */
    FurtherEncoderUpdates(int further, ImageSet data, BatchSampler batches, Augmenter augment, EncoderObjective objective,
                          ParameterGroup parameters, MomentumSgd optimizer, UpdateGuard guard) {
        this.further = further;
        this.data = data;
        this.batches = batches;
        this.augment = augment;
        this.objective = objective;
        this.parameters = parameters;
        this.optimizer = optimizer;
        this.guard = guard;
    }

    /**
     * The further updates of iteration {@code t}.
     *
     * @param it        the iteration's manager
     * @param ps        the iteration's parameter store
     * @param negatives g(f(x~))/||g(f(x~))|| of the iteration's samples, (B, d_z), without gradient
     * @param encLr     the iteration's learning rate of h
     * @param log       told of a skipped update
     */
    void run(long t, NDManager it, ParameterStore ps, NDArray negatives, double encLr, Consumer<String> log) {
        for (int j = 0; j < further; j++) {
            NDArray x = Dequantization.apply(BatchSampler.toNDArray(it, data, batches.indices(t * further + j)));
            NDArray views = augment.apply(NDArrays.concat(new NDList(x, x), 0));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Backward.run(gc, objective.loss(ps, views, negatives).value());
            }
            // the backward reached h alone (the negatives carry no gradient): only its gradients are read
            if (guard.acceptGradients(t, GradientNorms.none(), GradientNorms.of(parameters, it), log)) {
                optimizer.step(encLr);
            }
        }
    }
}
