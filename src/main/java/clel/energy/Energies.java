package clel.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import clel.nn.GraphSafe;
import java.util.Arrays;

/**
 * The CLEL energies, each written once. Shapes: B = batch, d = latent dimension.
 *
 * <ul>
 *   <li>Marginal energy, eq. (11): E(x) = 1/2 ||f(x)||^2 (constant dropped) — {@link #normEnergy}.</li>
 *   <li>Joint energy, eq. (10): E(x, z) = E(x) - beta g(f(x)/||f(x)||)^T z — {@link #joint}.</li>
 *   <li>OOD score, eq. (14): s(x) = E(x, h(x)/||h(x)||), the joint energy at the encoder's latent.</li>
 *   <li>Composed conditional energy, eq. (15): E(x | A) = E(x) - beta sum_a sim(g(.), zbar_a)
 *       — {@link #composed}; with unit zbar_a the sum of cosines is g^T (sum_a zbar_a), so it is the joint
 *       energy at the unnormalized direction sum. (Eq. (15) prints 1/2 ||f||_2 without the square; the
 *       marginal energy of eq. (11) is used here, consistent with eqs. (10) and (14).)</li>
 *   <li>Weighted composition, eq. (15) generalised: E(x | {(zbar_k, w_k)}) = E(x) - beta sum_k w_k g(.)^T zbar_k
 *       — {@link #weighted}; eq. (15) is the case w_k = 1. A negated attribute ("not a") enters as the z-bar of the
 *       images without a, with a positive weight ({@code clel.sampling.Composition}), so w_k > 0 here.</li>
 * </ul>
 */
public final class Energies {
    private Energies() {
    }

    /** E(x) = 1/2 ||f||^2 per row. f (B, d) -> (B). */
    public static NDArray normEnergy(NDArray f) {
        try (NDArray sq = f.square(); NDArray sum = sq.sum(new int[] {1})) {
            return GraphSafe.mul(sum, 0.5f);
        }
    }

    /**
     * E(x, z) = marginal - beta * sum_j direction_j z_j.
     *
     * @param marginal  E(x), (B)
     * @param direction g(f(x)/||f(x)||), (B, d), unit rows
     * @param z         latent directions, (B, d) one per sample or (1, d) shared by all
     * @param beta      the weight beta >= 0 of the latent term
     * @return (B)
     */
    public static NDArray joint(NDArray marginal, NDArray direction, NDArray z, float beta) {
        try (NDArray prod = direction.mul(z); NDArray cos = prod.sum(new int[] {1});
             NDArray weighted = GraphSafe.mul(cos, beta)) {
            return marginal.sub(weighted);
        }
    }

    /**
     * Eq. (15): E(x | {zbar_a}) = marginal - beta * sum_a direction^T zbar_a; {@link #weighted} with every weight 1.
     *
     * @param zbars (K, d) unit attribute or class directions
     * @return (B)
     */
    public static NDArray composed(NDArray marginal, NDArray direction, NDArray zbars, float beta) {
        float[] ones = new float[(int) zbars.getShape().get(0)];
        Arrays.fill(ones, 1f);
        return weighted(marginal, direction, zbars, ones, beta);
    }

    /**
     * Eq. (15) generalised with weights: E(x | {(zbar_k, w_k)}) = marginal - beta * sum_k w_k direction^T zbar_k,
     * the joint energy of eq. (10) at the unnormalized direction sum_k w_k zbar_k.
     *
     * @param zbars   (K, d) unit directions: z-bars of the attributes' images, or of the images without an attribute
     *                for a negated one
     * @param weights K finite weights w_k > 0, one per row of {@code zbars}
     * @return (B)
     */
    public static NDArray weighted(NDArray marginal, NDArray direction, NDArray zbars, float[] weights, float beta) {
        long k = zbars.getShape().get(0);
        if (weights.length != k) {
            throw new IllegalArgumentException(weights.length + " weights for " + k + " directions");
        }
        for (float w : weights) {
            if (!(w > 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("composition weights must be finite and > 0, got " + w);
            }
        }
        try (NDArray w = GraphSafe.constant(zbars.getManager(), weights, new Shape(k, 1));
             NDArray scaled = zbars.mul(w); NDArray sum = scaled.sum(new int[] {0}, true)) {
            return joint(marginal, direction, sum, beta);
        }
    }
}
