package clel.data;

import ai.djl.ndarray.NDArray;
import clel.nn.GraphSafe;

/**
 * The public code's dequantization of 8-bit images in [0, 1]: x * 255/256 + U(0, 1/256), so that the data density has
 * no point masses at the 256 levels.
 */
public final class Dequantization {
    private Dequantization() {
    }

    /**
     * @param x images in [0, 1], any shape; the noise is drawn from the engine's random stream
     * @return the dequantized images, in x's manager
     */
    public static NDArray apply(NDArray x) {
        NDArray u = x.getManager().randomUniform(0f, 1f / 256f, x.getShape());
        return GraphSafe.mul(x, 255f / 256f).add(u);
    }
}
