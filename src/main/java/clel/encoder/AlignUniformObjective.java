package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import clel.config.AugmentConfig;
import clel.config.EncoderObjectiveDefinition;
import clel.config.EncoderObjectiveSettings;
import clel.config.LossConfig;
import clel.config.ModelConfig;
import clel.energy.DirectionalProjector;
import clel.nn.GraphSafe;

/**
 * Alignment and uniformity on the hypersphere (Wang and Isola, "Understanding Contrastive Representation Learning
 * through Alignment and Uniformity on the Hypersphere", ICML 2020, eq. 4-5 and their reference code), a contrastive
 * objective without explicit negatives, as a further h for the paper's Table 7 comparison. With u = h(view)/||h(view)||
 * and the two views u_i, v_i of image i:
 * <pre>
 *   L_align   = mean_i ||u_i - v_i||^2                                  (their alpha = 2)
 *   L_uniform(w) = log mean_{i != j} exp(-t ||w_i - w_j||^2)             (their t = 2)
 *   L_LE      = L_align + (L_uniform(u) + L_uniform(v)) / 2              (their weights 1 and 1)
 * </pre>
 * Their recommended alpha = 2, t = 2 and unit weights are fixed here. The EBM's latent is h(t(x))/||h(t(x))|| (eq. 9),
 * as with every objective; the EBM's latents are not used, so loss.use_negatives must be false.
 */
final class AlignUniformObjective implements EncoderObjective {
    /** t of L_uniform (Wang and Isola: 2). */
    static final float UNIFORMITY_T = 2f;

    private final LatentEncoder h;

    AlignUniformObjective(LatentEncoder h) {
        this.h = h;
    }

    @Override
    public Loss loss(ParameterStore ps, NDArray views, NDArray ebmLatents) {
        NDArray projections = h.forward(ps, new NDList(views), true).singletonOrThrow();
        return new Loss(projections, compute(projections, UNIFORMITY_T));
    }

    /**
     * L_align + (L_uniform(u) + L_uniform(v)) / 2.
     *
     * @param projections h(views) (2n, d), not normalized: rows i and i + n are the two views of image i (n &gt;= 2)
     * @param t           t of L_uniform
     * @return the scalar loss
     */
    static NDArray compute(NDArray projections, float t) {
        long rows = projections.getShape().get(0);
        long n = rows / 2;
        if (rows != 2 * n || n < 2) {
            throw new IllegalArgumentException("alignment and uniformity need (2n, d) projections with n >= 2, got "
                    + projections.getShape());
        }
        NDArray z = DirectionalProjector.unitRows(projections);
        NDArray u = z.get(":" + n);
        NDArray v = z.get(n + ":");
        NDArray align = u.sub(v).square().sum(new int[] {1}).mean();
        return align.add(GraphSafe.mul(uniformity(u, t).add(uniformity(v, t)), 0.5f));
    }

    /** log mean_{i != j} exp(-t ||w_i - w_j||^2) over unit rows w (n, d), with ||w_i - w_j||^2 = 2 - 2 w_i.w_j. */
    static NDArray uniformity(NDArray w, float t) {
        long n = w.getShape().get(0);
        NDArray squaredDistances = GraphSafe.add(GraphSafe.mul(w.matMul(w.transpose()), -2f), 2f);
        NDArray offDiagonal = GraphSafe.add(GraphSafe.mul(w.getManager().eye((int) n).toDevice(w.getDevice(), false),
                -1f), 1f);
        NDArray kernel = GraphSafe.mul(squaredDistances, -t).exp().mul(offDiagonal).sum();
        return GraphSafe.div(kernel, (float) (n * (n - 1))).log();
    }

    /** loss.encoder_objective=align_uniform. */
    public static final class Definition implements EncoderObjective.Definition {
        @Override
        public String key() {
            return "align_uniform";
        }

        @Override
        public String summary() {
            return "alignment and uniformity on the hypersphere (Wang and Isola 2020), no negatives";
        }

        @Override
        public void check(ModelConfig model, LossConfig loss, AugmentConfig augment) {
            EncoderObjectiveDefinition.requireNoNegatives(key(), loss);
        }

        @Override
        public EncoderObjective create(LossConfig loss, ModelConfig model, EncoderObjectiveSettings settings,
                                       LatentEncoder h, NDManager manager) {
            return new AlignUniformObjective(h);
        }
    }
}
