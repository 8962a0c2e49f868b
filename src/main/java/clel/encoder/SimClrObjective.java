package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import clel.config.EncoderObjectiveSettings;
import clel.config.LossConfig;
import clel.config.ModelConfig;
import clel.loss.NtXentLoss;

/**
 * SimCLR's NT-Xent over the two views (eq. 13), with the EBM's latents as extra negatives when configured. Also mae's
 * objective (Appendix C, step 3: "our objective (13)"), with h the frozen MAE encoder + MLP and un-augmented views.
 */
final class SimClrObjective implements EncoderObjective {
    private final LatentEncoder h;
    private final boolean useNegatives;
    private final float temperature;

    SimClrObjective(LatentEncoder h, boolean useNegatives, float temperature) {
        this.h = h;
        this.useNegatives = useNegatives;
        this.temperature = temperature;
    }

    @Override
    public Loss loss(ParameterStore ps, NDArray views, NDArray ebmLatents) {
        NDArray projections = h.forward(ps, new NDList(views), true).singletonOrThrow();
        return new Loss(projections, NtXentLoss.compute(projections, useNegatives ? ebmLatents : null, temperature));
    }

    /** loss.encoder_objective=simclr: the paper's default. */
    public static final class Definition implements EncoderObjective.Definition {
        @Override
        public String key() {
            return "simclr";
        }

        @Override
        public String summary() {
            return "SimCLR's NT-Xent (eq. 13), with the EBM's latents as extra negatives when loss.use_negatives";
        }

        @Override
        public EncoderObjective create(LossConfig loss, ModelConfig model, EncoderObjectiveSettings settings,
                                       LatentEncoder h, NDManager manager) {
            return new SimClrObjective(h, loss.useNegatives(), (float) loss.temperature());
        }
    }
}
