package clel.data;

/**
 * The background of one {@link ShapesDataset} image: a plain tinted grey plus a mild linear gradient and
 * faint per-pixel luminance noise.
 *
 * <p>The background value of channel c at pixel (x, y) (pixel centre (x + 0.5, y + 0.5)) is
 * {@code base_c + g * ((x + 0.5 - W/2) cos(a) + (y + 0.5 - H/2) sin(a)) / (W/2) + n(x, y)}, where
 * {@code g = gradientAmplitude}, {@code a = gradientAngle} and {@code n(x, y)} is a uniform integer in
 * {@code [-noiseAmplitude, noiseAmplitude]} drawn from a {@link java.util.SplittableRandom} seeded with
 * {@code noiseSeed}, one draw per pixel in row-major order, shared by the three channels.
 *
 * @param light             true for a light background (brightness above 128 everywhere), false for dark
 * @param red               base red 0..255
 * @param green             base green 0..255
 * @param blue              base blue 0..255
 * @param gradientAmplitude g, in 0..255 value units, at least 0
 * @param gradientAngle     direction a of the gradient in radians
 * @param noiseAmplitude    maximum absolute noise value, at least 0
 * @param noiseSeed         seed of the noise stream
 */
public record ShapeBackground(boolean light, int red, int green, int blue, double gradientAmplitude,
                              double gradientAngle, int noiseAmplitude, long noiseSeed) {
    /**
     * Checks the values: colours in 0..255, a finite non-negative gradient, a finite angle, noise at least 0.
     *
     * @param light             true for a light background (brightness above 128 everywhere), false for dark
     * @param red               base red 0..255
     * @param green             base green 0..255
     * @param blue              base blue 0..255
     * @param gradientAmplitude g, in 0..255 value units, at least 0
     * @param gradientAngle     direction a of the gradient in radians
     * @param noiseAmplitude    maximum absolute noise value, at least 0
     * @param noiseSeed         seed of the noise stream
     */
    public ShapeBackground {
        checkByte("red", red);
        checkByte("green", green);
        checkByte("blue", blue);
        if (!(gradientAmplitude >= 0) || Double.isInfinite(gradientAmplitude)) {
            throw new IllegalArgumentException("ShapeBackground: gradientAmplitude must be finite and >= 0, got "
                    + gradientAmplitude);
        }
        if (!Double.isFinite(gradientAngle)) {
            throw new IllegalArgumentException("ShapeBackground: gradientAngle must be finite, got " + gradientAngle);
        }
        if (noiseAmplitude < 0) {
            throw new IllegalArgumentException("ShapeBackground: noiseAmplitude must be >= 0, got " + noiseAmplitude);
        }
    }

    private static void checkByte(String key, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("ShapeBackground: " + key + " must be in 0..255, got " + v);
        }
    }

    /**
     * @param c a channel: 0 = red, 1 = green, 2 = blue
     * @return the base value 0..255 of channel c
     */
    public int channel(int c) {
        switch (c) {
            case 0: return red;
            case 1: return green;
            case 2: return blue;
            default: throw new IllegalArgumentException("colour channel must be 0, 1 or 2, got " + c);
        }
    }
}
