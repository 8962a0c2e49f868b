package clel.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * What the EBM computes for a batch: f(x) (B, d), the projected direction g(f(x)/||f(x)||) (B, d) with unit
 * rows, and the marginal energy E(x) (B).
 */
public record EnergyOutput(NDArray features, NDArray direction, NDArray marginal) {

    static EnergyOutput of(NDList list) {
        return new EnergyOutput(list.get(0), list.get(1), list.get(2));
    }

    /** Rows [from, to) of every output (views in the same graph). */
    public EnergyOutput slice(int from, int to) {
        String r = from + ":" + to;
        return new EnergyOutput(features.get(r), direction.get(r), marginal.get(r));
    }

    /** Joint energy E(x, z) of eq. (10); z (B, d) or (1, d) unit latents. Returns (B). */
    public NDArray joint(NDArray z, float beta) {
        return Energies.joint(marginal, direction, z, beta);
    }

    /** Eq. (15) with K unit directions zbars (K, d). Returns (B). */
    public NDArray composed(NDArray zbars, float beta) {
        return Energies.composed(marginal, direction, zbars, beta);
    }

    /** Eq. (15) generalised: K unit directions zbars (K, d) with weights w_k > 0 ({@link Energies#weighted}). Returns (B). */
    public NDArray weighted(NDArray zbars, float[] weights, float beta) {
        return Energies.weighted(marginal, direction, zbars, weights, beta);
    }
}
