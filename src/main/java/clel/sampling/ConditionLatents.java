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

    /** z = h(t(x))/||h(t(x))|| of the images {@code idx} of {@code set}, (n, d_z), torch-owned constants in {@code m}. */
    public static NDArray ofImages(NDManager m, TrainedModel model, ImageSet set, int[] idx) {
        float[][] z = model.latents(BatchSampler.toNDArray(m, set, idx).toFloatArray());
        float[] flat = new float[z.length * z[0].length];
        for (int i = 0; i < z.length; i++) {
            System.arraycopy(z[i], 0, flat, i * z[0].length, z[0].length);
        }
        return GraphSafe.constant(m, flat, new Shape(z.length, z[0].length));
    }

    /** z-bar (1, d_z) of up to {@code limit} images of class {@code cls}. */
    public static NDArray ofClass(NDManager m, TrainedModel model, ImageSet set, int cls, int limit) {
        return ConditionalSampler.aggregate(ofImages(m, model, set, where(set, i -> set.label(i) == cls, limit,
                "class " + cls)));
    }

    /** z-bar (1, d_z) of up to {@code limit} images that have {@code attribute}. */
    public static NDArray ofAttribute(NDManager m, TrainedModel model, ImageSet set, String attribute, int limit) {
        int a = set.attributeNames().indexOf(attribute);
        if (a < 0) {
            throw new IllegalArgumentException("unknown attribute '" + attribute + "' of " + set.name() + "; valid: "
                    + String.join(", ", set.attributeNames()));
        }
        return ConditionalSampler.aggregate(ofImages(m, model, set, where(set, i -> set.attribute(i, a) == 1, limit,
                "attribute " + attribute)));
    }

    /** The first {@code limit} images of {@code set} that satisfy {@code p}; an error naming {@code what} if none. */
    public static int[] where(ImageSet set, IntPredicate p, int limit, String what) {
        int[] idx = IntStream.range(0, set.count()).filter(p).limit(limit).toArray();
        if (idx.length == 0) {
            throw new IllegalArgumentException(set.name() + ": no image has " + what);
        }
        return idx;
    }
}
