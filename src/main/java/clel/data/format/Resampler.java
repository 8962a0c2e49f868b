package clel.data.format;

/**
 * Separable resizing of CHW integer planes (values 0..255). Along each axis, shrinking uses exact area
 * averaging (each output pixel is the coverage-weighted mean of the input pixels its footprint overlaps, as
 * OpenCV's INTER_AREA or PIL's BOX filter) and enlarging uses bilinear interpolation with half-pixel centres
 * (align_corners = false, edges clamped). Results are rounded half up and clamped to 0..255.
 */
final class Resampler {
    private Resampler() {
    }

    /** Per output index: first input index and weights of consecutive input pixels. */
    private static final class Weights {
        final int[] start;
        final double[][] w;

        Weights(int[] start, double[][] w) {
            this.start = start;
            this.w = w;
        }
    }

    private static Weights weights(int in, int out) {
        int[] start = new int[out];
        double[][] w = new double[out][];
        double scale = (double) in / out;
        if (in == out) {
            for (int o = 0; o < out; o++) {
                start[o] = o;
                w[o] = new double[] {1.0};
            }
        } else if (in > out) {
            for (int o = 0; o < out; o++) {
                double lo = o * scale;
                double hi = (o + 1) * scale;
                int first = (int) Math.floor(lo);
                int last = Math.min(in - 1, (int) Math.ceil(hi) - 1);
                double[] ws = new double[last - first + 1];
                for (int i = first; i <= last; i++) {
                    double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
                    ws[i - first] = Math.max(0.0, overlap) / scale;
                }
                start[o] = first;
                w[o] = ws;
            }
        } else {
            for (int o = 0; o < out; o++) {
                double x = (o + 0.5) * scale - 0.5;
                x = Math.max(0.0, Math.min(in - 1, x));
                int i0 = (int) Math.floor(x);
                double f = x - i0;
                if (i0 >= in - 1) {
                    start[o] = in - 1;
                    w[o] = new double[] {1.0};
                } else {
                    start[o] = i0;
                    w[o] = new double[] {1.0 - f, f};
                }
            }
        }
        return new Weights(start, w);
    }

    /**
     * Resize {@code channels} planes of h x w (CHW in {@code src}) to outH x outW.
     *
     * @return channels * outH * outW values in 0..255, CHW
     */
    static int[] resize(int[] src, int channels, int h, int w, int outH, int outW) {
        if (h == outH && w == outW) {
            return src.clone();
        }
        Weights wx = weights(w, outW);
        Weights wy = weights(h, outH);
        double[] tmp = new double[h * outW];
        int[] dst = new int[channels * outH * outW];
        for (int c = 0; c < channels; c++) {
            int srcOff = c * h * w;
            for (int y = 0; y < h; y++) {
                int row = srcOff + y * w;
                for (int ox = 0; ox < outW; ox++) {
                    double[] ws = wx.w[ox];
                    int s = wx.start[ox];
                    double acc = 0;
                    for (int k = 0; k < ws.length; k++) {
                        acc += ws[k] * src[row + s + k];
                    }
                    tmp[y * outW + ox] = acc;
                }
            }
            int dstOff = c * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                double[] ws = wy.w[oy];
                int s = wy.start[oy];
                for (int ox = 0; ox < outW; ox++) {
                    double acc = 0;
                    for (int k = 0; k < ws.length; k++) {
                        acc += ws[k] * tmp[(s + k) * outW + ox];
                    }
                    int v = (int) Math.floor(acc + 0.5 + 1e-9);
                    dst[dstOff + oy * outW + ox] = Math.max(0, Math.min(255, v));
                }
            }
        }
        return dst;
    }

    /** Copy the outH x outW window at (top, left) of each of {@code channels} h x w planes. */
    static int[] crop(int[] src, int channels, int h, int w, int top, int left, int outH, int outW) {
        if (top < 0 || left < 0 || top + outH > h || left + outW > w) {
            throw new IllegalArgumentException("crop " + outH + "x" + outW + " at (" + top + ", " + left
                    + ") outside a " + h + "x" + w + " image");
        }
        int[] dst = new int[channels * outH * outW];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < outH; y++) {
                System.arraycopy(src, c * h * w + (top + y) * w + left, dst, (c * outH + y) * outW, outW);
            }
        }
        return dst;
    }

    /** torchvision's CenterCrop offset: rint((size - crop) / 2), round half to even. */
    static int centerOffset(int size, int crop) {
        return (int) Math.rint((size - crop) / 2.0);
    }
}
