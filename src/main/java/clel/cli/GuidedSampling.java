package clel.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.data.format.ExampleImages;
import clel.model.TrainedModel;
import clel.nn.GraphSafe;
import clel.sampling.Composition;
import clel.sampling.ConditionLatents;
import clel.sampling.ConditionalSampler;
import clel.sampling.LatentPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The modes of {@code clel sample} beyond the paper: compositions with negated and weighted attributes (eq. 15
 * generalised), conditioning on the user's own images ({@code --like}) and latent interpolation between two images
 * ({@code --interpolate}).
 */
final class GuidedSampling {
    /** The most images {@code --like} reads from one folder. */
    static final int MAX_LIKE_IMAGES = 10_000;

    /** What a mode drew: the samples, the grid shown (samples, maybe with inputs), its columns, a description. */
    record Drawn(NDArray samples, NDArray shown, int columns, String what) {
    }

    private GuidedSampling() {
    }

    /**
     * Samples of E(x) - beta * (sum_k |w_k| g^T zbar_k + g^T zbar_like): the composition's terms (none when
     * {@code composition} is null) and, with {@code like}, the z-bar of the folder's images as one more term of weight 1.
     *
     * @param set the labelled set the attributes' z-bars come from (unused without a composition)
     */
    static Drawn compose(NDManager scope, TrainedModel m, ConditionalSampler sampler, Composition composition,
                         ImageSet set, Path like, int latentImages, int count, float beta, int seed) throws IOException {
        List<NDArray> rows = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        if (like != null) {
            NDArray zbar = Activity.reading("example images " + like,
                    () -> ConditionLatents.ofFolder(scope, m, like, MAX_LIKE_IMAGES));
            rows.add(zbar);
            weights.add(1f);
            parts.add("the images of " + like);
        }
        if (composition != null) {
            rows.add(ConditionLatents.ofComposition(scope, m, set, composition, latentImages));
            for (float w : composition.magnitudes()) {
                weights.add(w);
            }
            parts.add(composition.describe());
        }
        float[] w = new float[weights.size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = weights.get(k);
        }
        NDArray zbars = NDArrays.concat(new NDList(rows), 0);
        NDArray samples;
        try (SamplingProgress ignored = new SamplingProgress(sampler, 1)) {
            samples = sampler.weighted(scope, zbars, w, count, beta, seed);
        }
        String what = (composition == null ? "samples like " : "compositional samples of eq. (15) generalised for ")
                + String.join(" + ", parts);
        return new Drawn(samples, samples, (int) Math.ceil(Math.sqrt(count)), what);
    }

    /**
     * A grid between two images: row k samples p(x | z_k), z_k = slerp(z_a, z_b; k / (points - 1)) of the images'
     * latents (eq. 10); column 0 shows the pixel blend (1 - t) a + t b for comparison (a at the top, b at the bottom).
     */
    static Drawn interpolate(NDManager scope, TrainedModel m, ConditionalSampler sampler, List<Path> images, int points,
                             int perRow, float beta, int seed) throws IOException {
        Shape img = m.imageShape();
        ImageSet pair = Activity.reading("images " + images,
                () -> ExampleImages.readFiles(images, (int) img.get(0), (int) img.get(1)));
        float[] pixels = BatchSampler.pixels(pair, new int[] {0, 1});
        float[][] z = m.latents(pixels);
        float[][] path = LatentPath.slerp(z[0], z[1], points);
        int per = (int) img.size();
        List<NDArray> grid = new ArrayList<>();
        List<NDArray> samples = new ArrayList<>();
        try (SamplingProgress ignored = new SamplingProgress(sampler, points)) {
            for (int k = 0; k < points; k++) {
                float t = k / (float) (points - 1);
                float[] blend = new float[per];
                for (int i = 0; i < per; i++) {
                    blend[i] = (1 - t) * pixels[i] + t * pixels[per + i];
                }
                grid.add(GraphSafe.constant(scope, blend, new Shape(1, img.get(0), img.get(1), img.get(2))));
                NDArray zk = GraphSafe.constant(scope, path[k], new Shape(1, path[k].length));
                NDArray row = sampler.conditional(scope, zk, perRow, beta, seed + k);
                grid.add(row);
                samples.add(row);
            }
        }
        String what = String.format(Locale.ROOT, "interpolation from %s to %s: %d rows along the slerp of their latents"
                + " (cosine %.3f), each the pixel blend then %d samples of p(x|z)", images.get(0), images.get(1), points,
                dot(z[0], z[1]), perRow);
        return new Drawn(NDArrays.concat(new NDList(samples), 0), NDArrays.concat(new NDList(grid), 0), perRow + 1, what);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
