package clel.sampling;

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
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The latents that condition sampling (paper Section 4.3): the latents z of given images (instance-conditional
 * sampling), and the aggregated direction z-bar of a class's or an attribute's images (class-conditional and
 * compositional sampling, eq. 15; {@link ConditionalSampler#aggregate}). Beyond the paper: the z-bar of an
 * attribute's negative set (negated composition terms, {@link Composition}) and of a user's own example images.
 */
public final class ConditionLatents {
    private ConditionLatents() {
    }

    /** Images the encoder sees at once when latents of many images are computed. */
    private static final int CHUNK = 256;

    /**
     * The latents z = h(x)/||h(x)|| (eq. 9 with t the identity) of some images of a set, encoded {@value #CHUNK} at a
     * time.
     *
     * @param m     the manager of the result
     * @param model the trained model whose encoder h computes them
     * @param set   the images
     * @param idx   the indices of the images in {@code set}
     * @return (n, d_z) unit rows, torch-owned constants in {@code m}
     */
    public static NDArray ofImages(NDManager m, TrainedModel model, ImageSet set, int[] idx) {
        Shape img = model.imageShape();
        if (set.channels() != img.get(0) || set.height() != img.get(1) || set.width() != img.get(2)) {
            throw new IllegalArgumentException(set.name() + ": images of " + set.channels() + "x" + set.height() + "x"
                    + set.width() + ", the model takes " + img.get(0) + "x" + img.get(1) + "x" + img.get(2));
        }
        float[] flat = null;
        int d = 0;
        for (int from = 0; from < idx.length; from += CHUNK) {
            int[] part = Arrays.copyOfRange(idx, from, Math.min(idx.length, from + CHUNK));
            float[][] z = model.latents(BatchSampler.pixels(set, part));
            if (flat == null) {
                d = z[0].length;
                flat = new float[idx.length * d];
            }
            for (int i = 0; i < z.length; i++) {
                System.arraycopy(z[i], 0, flat, (from + i) * d, d);
            }
        }
        return GraphSafe.constant(m, flat, new Shape(idx.length, d));
    }

    /**
     * z-bar (1, d_z) of a user's example images (the "conditioning on examples" of {@code clel sample --like}):
     * every image of {@code examples}, whatever its label.
     *
     * @param m        the manager of the result
     * @param model    the trained model whose encoder computes the latents
     * @param examples at least one image, of the model's image shape (C, H, W)
     * @return z-bar (1, d_z), a unit row in {@code m}
     * @throws IllegalArgumentException when the images' shape is not the model's
     */
    public static NDArray ofExamples(NDManager m, TrainedModel model, ImageSet examples) {
        try (NDArray z = ofImages(m, model, examples, IntStream.range(0, examples.count()).toArray())) {
            return ConditionalSampler.aggregate(z);
        }
    }

    /**
     * z-bar (1, d_z) of the images of {@code folder} (a folder or .zip of PNG/JPEG files at any depth, untrusted:
     * read by {@link ExampleImages} with its size limits, at the model's image size).
     *
     * @param m         the manager of the result
     * @param model     the trained model whose encoder computes the latents; its image shape sets the images' size
     * @param folder    a folder or .zip of PNG/JPEG images
     * @param maxImages the most images the folder may hold
     * @return z-bar (1, d_z), a unit row in {@code m}
     * @throws IOException one line naming the folder or a bad file
     */
    public static NDArray ofFolder(NDManager m, TrainedModel model, Path folder, int maxImages) throws IOException {
        Shape img = model.imageShape();
        return ofExamples(m, model, ExampleImages.readFolder(folder, (int) img.get(0), (int) img.get(1), maxImages));
    }

    /**
     * The class direction z-bar of Section 4.3: the normalized sum of the latents of a class's images.
     *
     * @param m     the manager of the result
     * @param model the trained model whose encoder computes the latents
     * @param set   labelled images
     * @param cls   the class's index in {@code set.classNames()}
     * @param limit the most images used (the first ones of the class)
     * @return z-bar (1, d_z)
     * @throws IllegalArgumentException when no image has that class
     */
    public static NDArray ofClass(NDManager m, TrainedModel model, ImageSet set, int cls, int limit) {
        return ConditionalSampler.aggregate(ofImages(m, model, set, where(set, i -> set.label(i) == cls, limit,
                "class " + cls)));
    }

    /**
     * The attribute direction z-bar of Section 4.4 (one term of eq. 15): the normalized sum of the latents of the
     * images that have an attribute.
     *
     * @param m         the manager of the result
     * @param model     the trained model whose encoder computes the latents
     * @param set       images with attributes
     * @param attribute the attribute's name, one of {@code set.attributeNames()}
     * @param limit     the most images used (the first ones that have it)
     * @return z-bar (1, d_z)
     * @throws IllegalArgumentException when the attribute is unknown or no image has it
     */
    public static NDArray ofAttribute(NDManager m, TrainedModel model, ImageSet set, String attribute, int limit) {
        return ofAttribute(m, model, set, attribute, true, limit);
    }

    /**
     * z-bar (1, d_z) of up to {@code limit} images with attribute = 1 ({@code present}) or attribute = 0 (its negative
     * set, for a negated composition term).
     *
     * @param m         the manager of the result
     * @param model     the trained model whose encoder computes the latents
     * @param set       images with attributes
     * @param attribute the attribute's name, one of {@code set.attributeNames()}
     * @param present   true for the images with the attribute (= 1), false for those without it (= 0)
     * @param limit     the most images used (the first ones of that set)
     * @return z-bar (1, d_z), a unit row in {@code m}
     * @throws IllegalArgumentException when the attribute is unknown or no image has that value
     */
    public static NDArray ofAttribute(NDManager m, TrainedModel model, ImageSet set, String attribute, boolean present,
                                      int limit) {
        int a = attributeIndex(set, attribute);
        int value = present ? 1 : 0;
        try (NDArray z = ofImages(m, model, set, where(set, i -> set.attribute(i, a) == value, limit,
                (present ? "attribute " : "no attribute ") + attribute))) {
            return ConditionalSampler.aggregate(z);
        }
    }

    /** The z-bar (1, d_z) of an attribute's positive ({@code present}) or negative set. */
    @FunctionalInterface
    public interface AttributeLatents {
        /**
         * The z-bar of one attribute's positive or negative set.
         *
         * @param attribute the attribute's name
         * @param present   true for the images with the attribute, false for those without it
         * @return z-bar (1, d_z)
         */
        NDArray zbar(String attribute, boolean present);
    }

    /**
     * The directions (K, d_z) of a composition's K terms, in order: term k's row is the z-bar of the images with its
     * attribute when its weight is positive, of the images without it when negative ({@link Composition}); with
     * {@link Composition#magnitudes()} they are the arguments of {@link clel.energy.Energies#weighted}.
     *
     * @param c      the composition of K terms
     * @param source the z-bar (1, d_z) of each term's set; the rows it returns are closed once concatenated
     * @return the directions (K, d_z), in the manager of the first z-bar from {@code source}
     */
    public static NDArray ofComposition(Composition c, AttributeLatents source) {
        NDList rows = new NDList();
        for (Composition.Term t : c.terms()) {
            rows.add(source.zbar(t.attribute(), t.present()));
        }
        NDArray out = NDArrays.concat(rows, 0);
        rows.close();
        return out;
    }

    /**
     * {@link #ofComposition(Composition, AttributeLatents)} with each z-bar aggregated over up to {@code limit} images
     * of {@code set}; every attribute is checked before any latent is computed.
     *
     * @param m     the manager of the result
     * @param model the trained model whose encoder computes the latents
     * @param set   images with attributes
     * @param c     the composition of K terms, each naming one of {@code set.attributeNames()}
     * @param limit the most images used for each term's z-bar (the first ones of its set)
     * @return the directions (K, d_z), unit rows in {@code m}
     * @throws IllegalArgumentException when an attribute is unknown or no image is in a term's set
     */
    public static NDArray ofComposition(NDManager m, TrainedModel model, ImageSet set, Composition c, int limit) {
        c.attributes().forEach(a -> attributeIndex(set, a));
        return ofComposition(c, (a, present) -> ofAttribute(m, model, set, a, present, limit));
    }

    private static int attributeIndex(ImageSet set, String attribute) {
        int a = set.attributeNames().indexOf(attribute);
        if (a < 0) {
            throw new IllegalArgumentException("unknown attribute '" + attribute + "' of " + set.name()
                    + (set.attributeNames().isEmpty() ? ", which has no attributes"
                    : "; valid: " + String.join(", ", set.attributeNames())));
        }
        return a;
    }

    /**
     * The first {@code limit} images of {@code set} that satisfy {@code p}.
     *
     * @param set   the images
     * @param p     the condition on an image's index
     * @param limit the most indices returned
     * @param what  the condition in words, for the error
     * @return the indices, at least one
     * @throws IllegalArgumentException naming {@code what} when no image satisfies it
     */
    public static int[] where(ImageSet set, IntPredicate p, int limit, String what) {
        int[] idx = IntStream.range(0, set.count()).filter(p).limit(limit).toArray();
        if (idx.length == 0) {
            throw new IllegalArgumentException(set.name() + ": no image has " + what);
        }
        return idx;
    }
}
