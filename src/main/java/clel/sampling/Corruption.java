package clel.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.nn.GraphSafe;
import java.util.SplittableRandom;

/**
 * A corrupted batch for {@link Restorer}, made from clean images x (N, C, H, W) in [0, 1], a mask M (N or 1, 1, H, W;
 * 1 = missing, see {@link Masks}) and Gaussian pixel noise of standard deviation sigma:
 * <ul>
 *   <li>noisy y = clamp(x + sigma * eps, 0, 1), eps ~ N(0, I) (y = x when sigma = 0);</li>
 *   <li>{@code corrupted} = (1 - M) y + M m, where m (N, C, 1, 1) is the mean of each image's visible pixels per
 *       channel: what the encoder sees to compute z (the latent of the visible part) and what the grids show;</li>
 *   <li>{@code start}, where SGLD starts = (1 - M) y + M u, u ~ U(0, 1) (uniform noise, as sampling from scratch);</li>
 *   <li>{@code fixed} (N, 1, H, W) = 1 - M when sigma = 0 (inpainting: the known pixels are kept), else 0 (every pixel,
 *       noisy ones included, is restored by SGLD).</li>
 * </ul>
 * All arrays are torch-owned, in the manager given to {@link #of}; the random draws come from {@code seed} alone.
 *
 * @param corrupted (N, C, H, W) the visible part, missing pixels filled with the visible mean per image and channel
 * @param start     (N, C, H, W) where SGLD starts, missing pixels uniform noise in [0, 1]
 * @param fixed     (N, 1, H, W) 1 where a pixel is kept during restoration, 0 where SGLD restores it
 */
public record Corruption(NDArray corrupted, NDArray start, NDArray fixed) {

    /**
     * Corrupts a batch of clean images: masks the missing pixels and adds Gaussian noise.
     *
     * @param m       the manager of the three arrays of the result (temporaries are freed)
     * @param clean   (N, C, H, W) in [0, 1], not modified
     * @param missing (N or 1, 1, H, W) 0/1 mask, 1 = missing, or null for none (denoising only)
     * @param sigma   noise standard deviation in pixel units of [0, 1], finite and &gt;= 0; 0 for no noise
     * @param seed    seed of the noise eps and of the uniform start u
     * @return the corrupted batch, its arrays in {@code m}
     * @throws IllegalArgumentException when sigma is negative or not finite, the mask's shape does not fit the images,
     *                                  there is nothing to restore (no missing pixel and sigma 0) or an image has no
     *                                  visible pixel
     */
    public static Corruption of(NDManager m, NDArray clean, NDArray missing, float sigma, long seed) {
        if (!(sigma >= 0) || !Float.isFinite(sigma)) {
            throw new IllegalArgumentException("the noise sigma must be finite and >= 0, got " + sigma);
        }
        Shape s = clean.getShape();
        int n = (int) s.get(0);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        if (missing != null && !(missing.getShape().dimension() == 4 && missing.getShape().get(1) == 1
                && (missing.getShape().get(0) == 1 || missing.getShape().get(0) == n)
                && missing.getShape().get(2) == h && missing.getShape().get(3) == w)) {
            throw new IllegalArgumentException("a mask of shape " + missing.getShape() + " for images of shape " + s
                    + "; expected (1 or " + n + ", 1, " + h + ", " + w + ")");
        }
        try (NDManager scope = m.newSubManager()) {
            NDArray x = clean.duplicate();
            x.attach(scope);
            NDArray mask = missing != null ? missing.broadcast(new Shape(n, 1, h, w)).duplicate()
                    : scope.zeros(new Shape(n, 1, h, w), clean.getDataType(), clean.getDevice());
            mask.attach(scope);
            float missingPixels = mask.sum().getFloat();
            if (sigma == 0 && missingPixels == 0) {
                throw new IllegalArgumentException("nothing to restore: the mask marks no missing pixel and the noise is 0");
            }
            NDArray visible = GraphSafe.add(mask.neg(), 1f);
            NDArray perImage = visible.sum(new int[] {1, 2, 3});
            if (perImage.min().getFloat() == 0) {
                throw new IllegalArgumentException("the mask hides every pixel of an image: no visible part to take the"
                        + " latent from");
            }
            SplittableRandom rnd = new SplittableRandom(seed);
            NDArray noisy = sigma == 0 ? x : x.add(constant(scope, s, rnd, true).mul(sigma)).clip(0f, 1f);
            NDArray kept = noisy.mul(visible);
            NDArray mean = kept.sum(new int[] {2, 3}, true).div(visible.sum(new int[] {2, 3}, true));
            NDArray corrupted = kept.add(mask.mul(mean));
            NDArray start = kept.add(mask.mul(constant(scope, s, rnd, false)));
            NDArray fixed = sigma == 0 ? visible.duplicate() : visible.zerosLike();
            corrupted.attach(m);
            start.attach(m);
            fixed.attach(m);
            return new Corruption(corrupted, start, fixed);
        }
    }

    /** N(0, 1) ({@code gaussian}) or U(0, 1) values of shape {@code s}, from {@code rnd}. */
    private static NDArray constant(NDManager m, Shape s, SplittableRandom rnd, boolean gaussian) {
        float[] v = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (gaussian ? rnd.nextGaussian() : rnd.nextDouble());
        }
        return GraphSafe.constant(m, v, s);
    }
}
