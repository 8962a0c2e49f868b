package clel.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.data.ImageSet;
import clel.nn.GraphSafe;
import java.util.SplittableRandom;

/**
 * Inpainting masks for {@link Restorer}: float arrays of shape (N or 1, 1, H, W) holding 1 where a pixel is missing
 * (to be restored) and 0 where it is known; a (1, 1, H, W) mask applies to every image.
 */
public final class Masks {
    private Masks() {
    }

    /**
     * The central square of side ceil(min(H, W) / 2) missing (a quarter of a square image), (1, 1, H, W).
     *
     * @param m      the manager of the result
     * @param height H, the image height in pixels, &gt; 0
     * @param width  W, the image width in pixels, &gt; 0
     * @return the (1, 1, H, W) mask, 1 inside the central square and 0 elsewhere, a torch-owned constant in {@code m}
     */
    public static NDArray box(NDManager m, int height, int width) {
        int side = (Math.min(height, width) + 1) / 2;
        int top = (height - side) / 2;
        int left = (width - side) / 2;
        float[] mask = new float[height * width];
        for (int y = top; y < top + side; y++) {
            for (int x = left; x < left + side; x++) {
                mask[y * width + x] = 1f;
            }
        }
        return GraphSafe.constant(m, mask, new Shape(1, 1, height, width));
    }

    /**
     * Each pixel of each image missing with probability {@code fraction}, drawn from {@code seed} (the same masks on
     * every machine), (count, 1, H, W).
     *
     * @param m        the manager of the result
     * @param count    N, the number of images (one mask each)
     * @param height   H, the image height in pixels
     * @param width    W, the image width in pixels
     * @param fraction the probability that a pixel is missing, in (0, 1) exclusive
     * @param seed     seed of the draws
     * @return the (count, 1, H, W) 0/1 mask, a torch-owned constant in {@code m}
     * @throws IllegalArgumentException when {@code fraction} is not in (0, 1)
     */
    public static NDArray random(NDManager m, int count, int height, int width, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the fraction of missing pixels must be in (0, 1), got " + fraction);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] mask = new float[count * height * width];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rnd.nextDouble() < fraction ? 1f : 0f;
        }
        return GraphSafe.constant(m, mask, new Shape(count, 1, height, width));
    }

    /**
     * A mask drawn as an image: white (grey value &gt;= 128 in channel 0) marks the missing pixels, as most inpainting
     * tools expect; black the known ones. (1, 1, H, W).
     *
     * @param m     the manager of the result
     * @param image one image already brought to the model's size, best read with one channel (luma) by
     *              {@link clel.data.format.ExampleImages#readFiles}
     * @return the (1, 1, H, W) 0/1 mask of the image's size, a torch-owned constant in {@code m}
     * @throws IllegalArgumentException when {@code image} holds other than one image
     */
    public static NDArray fromImage(NDManager m, ImageSet image) {
        if (image.count() != 1) {
            throw new IllegalArgumentException(image.name() + ": a mask is one image, got " + image.count());
        }
        int h = image.height();
        int w = image.width();
        float[] mask = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                mask[y * w + x] = image.pixel(0, 0, y, x) >= 128 ? 1f : 0f;
            }
        }
        return GraphSafe.constant(m, mask, new Shape(1, 1, h, w));
    }
}
