package clel.sampling;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import clel.energy.DirectionalProjector;
import clel.energy.EnergyModel;
import clel.energy.EnergyOutput;
import java.util.function.Function;

/**
 * Sampling from a trained EBM with SGLD from uniform noise (paper Sections 4.1, 4.3, 4.4):
 * unconditional p(x) with E(x) (eq. 11); latent-conditional p(x|z) with E(x, z) (eq. 10) for one z per chain
 * (instance-conditional) or one shared zbar (class-conditional, zbar = normalized sum of a class's latents);
 * compositional with eq. (15) over several directions.
 */
public final class ConditionalSampler {
    private final EnergyModel ebm;
    private final Sgld sgld;
    private final int steps;

    public ConditionalSampler(EnergyModel ebm, Sgld sgld, int steps) {
        this.ebm = ebm;
        this.sgld = sgld;
        this.steps = steps;
    }

    /** Unconditional samples (B, C, H, W) from U(0, 1) noise. */
    public NDArray unconditional(NDManager m, int batch, int seed) {
        return run(m, batch, seed, out -> out.marginal());
    }

    /**
     * {@code count} unconditional samples, {@code batch} chains at a time; batch k uses seed {@code seed + k}.
     * Returns (count, C, H, W).
     */
    public NDArray unconditional(NDManager m, int count, int batch, int seed) {
        java.util.List<NDArray> parts = new java.util.ArrayList<>();
        for (int from = 0, k = 0; from < count; from += batch, k++) {
            parts.add(unconditional(m, Math.min(batch, count - from), seed + k));
        }
        return parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
    }

    /** Samples from p(x|z): z (B, d) one per chain, or (1, d) shared; unit rows. */
    public NDArray conditional(NDManager m, NDArray z, int batch, float beta, int seed) {
        return run(m, batch, seed, out -> out.joint(z, beta));
    }

    /** Samples from eq. (15) with K unit directions zbars (K, d). */
    public NDArray composed(NDManager m, NDArray zbars, int batch, float beta, int seed) {
        return run(m, batch, seed, out -> out.composed(zbars, beta));
    }

    /** zbar = sum_i z_i / ||sum_i z_i|| of unit latents (N, d) -> (1, d) (Section 4.3). */
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
        NDArray out = sgld.run(x -> energy.apply(ebm.evaluate(ps, x, false)), x0, steps, ebm);
        x0.close();
        return out;
    }
}
