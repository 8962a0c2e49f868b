package clel.sampling;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import clel.encoder.LatentEncoder;
import clel.energy.EnergyModel;
import clel.energy.EnergyOutput;
import clel.model.TrainedModel;
import java.util.function.Function;

/**
 * Restoration guided by the latent (beyond the paper): inpainting and denoising by SGLD on the joint energy
 * E(x, z) of eq. (10), with z = h(c)/||h(c)|| the encoder's latent of the corrupted image c (its visible part, the
 * missing pixels filled with the visible mean; {@link Corruption}). Each step is an SGLD step of {@link Sgld}
 * followed by the projection x &lt;- F * start + (1 - F) * x that keeps the fixed pixels F (the known pixels when
 * inpainting). With beta = 0 the latent term vanishes: unguided SGLD on the marginal energy E(x) of eq. (11), the
 * comparison the restoration is measured against. Optionally z is refreshed every K steps from the current
 * restoration, z = h(x_t)/||h(x_t)|| (alternating between x and z). Images (N, C, H, W) in [0, 1].
 */
public final class Restorer {
    private final EnergyModel ebm;
    private final LatentEncoder encoder;
    private final Sgld sgld;
    private final int steps;
    private final int refresh;

    /**
     * A restorer that never refreshes z.
     *
     * @param ebm     the energy model whose joint (beta &gt; 0) or marginal (beta = 0) energy SGLD descends
     * @param encoder the latent encoder h that computes z
     * @param sgld    the SGLD step (step size, noise, gradient clip)
     * @param steps   SGLD steps from the corruption's start, &gt; 0
     * @throws IllegalArgumentException when {@code steps} is not positive
     */
    public Restorer(EnergyModel ebm, LatentEncoder encoder, Sgld sgld, int steps) {
        this(ebm, encoder, sgld, steps, 0);
    }

    /**
     * A restorer that may refresh z from the current restoration.
     *
     * @param ebm     the energy model whose joint (beta &gt; 0) or marginal (beta = 0) energy SGLD descends
     * @param encoder the latent encoder h that computes z
     * @param sgld    the SGLD step (step size, noise, gradient clip)
     * @param steps   SGLD steps from the corruption's start, &gt; 0
     * @param refresh every {@code refresh} steps z is recomputed from the current restoration; 0 for never
     * @throws IllegalArgumentException when {@code steps} is not positive or {@code refresh} is negative
     */
    public Restorer(EnergyModel ebm, LatentEncoder encoder, Sgld sgld, int steps, int refresh) {
        if (steps <= 0 || refresh < 0) {
            throw new IllegalArgumentException("restoration needs at least one SGLD step and a refresh interval >= 0, got "
                    + steps + " and " + refresh);
        }
        this.ebm = ebm;
        this.encoder = encoder;
        this.sgld = sgld;
        this.steps = steps;
        this.refresh = refresh;
    }

    /**
     * The restorer of a trained model with its run's SGLD settings (step size, noise, clip).
     *
     * @param m       the trained model: its energy model, its encoder and its configuration's sampler settings
     * @param steps   SGLD steps from the corruption's start, &gt; 0
     * @param refresh every {@code refresh} steps z is recomputed from the current restoration; 0 for never
     * @return the restorer
     * @throws IllegalArgumentException when {@code steps} is not positive or {@code refresh} is negative
     */
    public static Restorer of(TrainedModel m, int steps, int refresh) {
        return new Restorer(m.networks().ebm(), m.networks().encoder(), Sgld.of(m.config().sampler()), steps, refresh);
    }

    /**
     * SGLD steps of one {@link #restore} call.
     *
     * @return the number of steps, &gt; 0
     */
    public int steps() {
        return steps;
    }

    /**
     * z = h(c)/||h(c)|| (N, d) of the corrupted images c (N, C, H, W), in {@code m}.
     *
     * @param m the manager of the result
     * @param c the corrupted batch, whose {@link Corruption#corrupted()} images are encoded
     * @return (N, d) unit rows, in {@code m}
     */
    public NDArray latents(NDManager m, Corruption c) {
        return latents(m, c.corrupted());
    }

    private NDArray latents(NDManager m, NDArray images) {
        try (NDManager scope = m.newSubManager()) {
            NDArray z = encoder.latent(new ParameterStore(scope, false), images, false);
            NDArray out = z.duplicate();
            out.attach(m);
            return out;
        }
    }

    /**
     * Restores a corrupted batch.
     *
     * @param m    the manager of the result
     * @param c    the corrupted batch: SGLD starts from its {@code start}, its {@code fixed} pixels are kept
     * @param z    (N, d) latents from {@link #latents}, or null when beta = 0
     * @param beta weight of the latent term, &gt;= 0; 0 for unguided SGLD
     * @param seed seed of the SGLD noise (sets the engine's random seed)
     * @return the restored images (N, C, H, W) in [0, 1], in {@code m}
     * @throws IllegalArgumentException when beta is negative or NaN, or beta &gt; 0 and {@code z} is null
     */
    public NDArray restore(NDManager m, Corruption c, NDArray z, float beta, int seed) {
        if (!(beta >= 0) || (beta > 0 && z == null)) {
            throw new IllegalArgumentException("restoration needs beta >= 0 and latents when beta > 0, got beta " + beta);
        }
        Engine.getInstance().setRandomSeed(seed);
        ParameterStore ps = new ParameterStore(m, false);
        NDArray[] latent = {z};
        Function<NDArray, NDArray> energy = xi -> {
            EnergyOutput out = ebm.evaluate(ps, xi, false);
            return beta == 0 ? out.marginal() : out.joint(latent[0], beta);
        };
        NDArray x = c.start().duplicate();
        x.attach(m);
        try (NDManager scope = m.newSubManager()) {
            NDArray free = c.fixed().neg().add(1f);
            NDArray held = c.start().mul(c.fixed());
            free.attach(scope);
            held.attach(scope);
            for (int i = 0; i < steps; i++) {
                if (beta > 0 && refresh > 0 && i > 0 && i % refresh == 0) {
                    if (latent[0] != z) {
                        latent[0].close();
                    }
                    latent[0] = latents(m, x);
                }
                NDArray next = sgld.step(energy, x, ebm);
                try (NDArray moved = next.mul(free)) {
                    NDArray projected = moved.add(held);
                    projected.attach(m);
                    next.close();
                    x.close();
                    x = projected;
                }
            }
        }
        if (latent[0] != z) {
            latent[0].close();
        }
        return x;
    }
}
