package clel.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.model.TrainedModel;
import clel.nn.GraphSafe;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The latents that condition sampling (paper Section 4.3): the latents z of given images (instance-conditional
 * sampling), and the aggregated direction z-bar of a class's or an attribute's images (class-conditional and
 * compositional sampling, eq. 15; {@link ConditionalSampler#aggregate}).
 */
public final class ConditionLatents {
    private ConditionLatents() {
    }

    /**
     * The latents z = h(x)/||h(x)|| (eq. 9 with t the identity) of some images of a set.
     *
     * @param m     the manager of the result
     * @param model the trained model whose encoder h computes them
     * @param set   the images
     * @param idx   the indices of the images in {@code set}
     * @return (n, d_z) unit rows, torch-owned constants in {@code m}
     */
    public static NDArray ofImages(NDManager m, TrainedModel model, ImageSet set, int[] idx) {
        float[][] z = model.latents(BatchSampler.toNDArray(m, set, idx).toFloatArray());
        float[] flat = new float[z.length * z[0].length];
        for (int i = 0; i < z.length; i++) {
            System.arraycopy(z[i], 0, flat, i * z[0].length, z[0].length);
        }
        return GraphSafe.constant(m, flat, new Shape(z.length, z[0].length));
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
        int a = set.attributeNames().indexOf(attribute);
        if (a < 0) {
            throw new IllegalArgumentException("unknown attribute '" + attribute + "' of " + set.name() + "; valid: "
                    + String.join(", ", set.attributeNames()));
        }
        return ConditionalSampler.aggregate(ofImages(m, model, set, where(set, i -> set.attribute(i, a) == 1, limit,
                "attribute " + attribute)));
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
