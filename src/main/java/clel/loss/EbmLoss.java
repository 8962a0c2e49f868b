package clel.loss;

import ai.djl.ndarray.NDArray;
import clel.energy.Energies;
import clel.energy.EnergyOutput;
import clel.nn.GraphSafe;

/**
 * L_EBM of eq. (12), in the public code's form:
 * mean_i E(x_i, z_i) - mean_i E(x~_i) + alpha * mean_i (E(x_i)^2 + E(x~_i)^2),
 * where E(x, z) = E(x) - beta g(f(x)/||f(x)||)^T z (eq. 10), so the latent term is
 * -beta * mean_i cos(g(f(x_i)), z_i). z comes from the encoder without gradient.
 */
public final class EbmLoss {
    private EbmLoss() {
    }

    /** The loss and its parts (scalars, in the manager of the real energies). */
    public record Terms(NDArray total, NDArray realEnergy, NDArray fakeEnergy, NDArray latentCosine) {
    }

    /**
     * @param real  EBM outputs on data x (B)
     * @param z     unit latents z = h(t(x))/||h(t(x))|| (B, d), no gradient
     * @param fake  EBM outputs on samples x~ (B')
     * @param alpha energy regularization weight (paper 1)
     * @param beta  latent term weight (paper 0.01)
     */
    public static Terms compute(EnergyOutput real, NDArray z, EnergyOutput fake, float alpha, float beta) {
        NDArray joint = Energies.joint(real.marginal(), real.direction(), z, beta);
        NDArray eReal = real.marginal().mean();
        NDArray eFake = fake.marginal().mean();
        NDArray reg = GraphSafe.mul(real.marginal().square().mean().add(fake.marginal().square().mean()), alpha);
        NDArray total = joint.mean().sub(eFake).add(reg);
        NDArray cosine = real.direction().mul(z).sum(new int[] {1}).mean();
        return new Terms(total, eReal, eFake, cosine);
    }
}
