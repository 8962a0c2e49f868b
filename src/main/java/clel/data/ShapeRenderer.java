package clel.data;

import java.util.SplittableRandom;

/**
 * Draws one image of the built-in shapes data set ({@link ShapesDataset}) from its {@link ShapeSpec}: the background
 * base colour with its linear gradient and luminance noise, and the shape's fill blended in by its coverage of each
 * pixel, measured by {@value #SUPERSAMPLE}x{@value #SUPERSAMPLE} supersampling (anti-aliased edges).
 */
final class ShapeRenderer {
    /** Samples per pixel side for the coverage of the shape's edge. */
    static final int SUPERSAMPLE = 4;
    private static final int SIZE = ShapesDataset.SIZE;
    private static final int CHANNELS = ShapesDataset.CHANNELS;

    private ShapeRenderer() {
    }

    /** Renders {@code spec} into {@code out[offset .. offset + 3*32*32)} in CHW order. */
    static void render(ShapeSpec spec, byte[] out, int offset) {
        ShapeBackground bg = spec.background();
        int plane = SIZE * SIZE;
        double half = SIZE / 2.0;
        double gx = bg.gradientAmplitude() * StrictMath.cos(bg.gradientAngle()) / half;
        double gy = bg.gradientAmplitude() * StrictMath.sin(bg.gradientAngle()) / half;
        int noiseAmp = bg.noiseAmplitude();
        SplittableRandom noise = new SplittableRandom(bg.noiseSeed());
        double r = spec.radius();
        int x0 = Math.max(0, (int) Math.floor(spec.centerX() - r));
        int x1 = Math.min(SIZE - 1, (int) Math.floor(spec.centerX() + r));
        int y0 = Math.max(0, (int) Math.floor(spec.centerY() - r));
        int y1 = Math.min(SIZE - 1, (int) Math.floor(spec.centerY() + r));
        double[] fg = {spec.red(), spec.green(), spec.blue()};
        double[] base = {bg.red(), bg.green(), bg.blue()};
        double step = 1.0 / SUPERSAMPLE;
        double samples = SUPERSAMPLE * SUPERSAMPLE;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double shade = gx * (x + 0.5 - half) + gy * (y + 0.5 - half)
                        + (noiseAmp > 0 ? noise.nextInt(-noiseAmp, noiseAmp + 1) : 0);
                double coverage = 0;
                if (x >= x0 && x <= x1 && y >= y0 && y <= y1) {
                    int hits = 0;
                    for (int sy = 0; sy < SUPERSAMPLE; sy++) {
                        double py = y + (sy + 0.5) * step;
                        for (int sx = 0; sx < SUPERSAMPLE; sx++) {
                            if (spec.contains(x + (sx + 0.5) * step, py)) {
                                hits++;
                            }
                        }
                    }
                    coverage = hits / samples;
                }
                int p = y * SIZE + x;
                for (int c = 0; c < CHANNELS; c++) {
                    double b = base[c] + shade;
                    double v = b + (fg[c] - b) * coverage;
                    out[offset + c * plane + p] = (byte) clampByte((int) Math.round(v));
                }
            }
        }
    }

    private static int clampByte(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
