package clel.sampling;

/**
 * Points on the great-circle arc between two latents on the unit sphere (spherical linear interpolation), for
 * sampling p(x|z) along a path from one image's latent to another's ({@code clel sample --interpolate}). The
 * latents of CLEL are unit vectors z = h(x)/||h(x)|| (eq. 9), so the path stays on the sphere the EBM's latent
 * term (eq. 10) was trained on:
 * slerp(a, b; t) = sin((1 - t) omega) / sin(omega) a + sin(t omega) / sin(omega) b, omega = arccos(a^T b).
 */
public final class LatentPath {
    /** Below this angle (radians) the arc is computed as a normalized straight line (sin(omega) ~ 0). */
    private static final double NEAR = 1e-4;
    /** Latents closer than this to opposite have no unique arc. */
    private static final double OPPOSITE = 1e-4;

    private LatentPath() {
    }

    /**
     * @param a      start latent (d), normalized here
     * @param b      end latent (d), normalized here
     * @param points number of points, at least 2: t = 0, 1/(points-1), ..., 1
     * @return (points, d) unit rows; row 0 is a/||a||, the last b/||b||
     * @throws IllegalArgumentException for a zero or non-finite latent, different lengths, or opposite latents
     */
    public static float[][] slerp(float[] a, float[] b, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("an interpolation needs at least 2 points, got " + points);
        }
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("latents of " + a.length + " and " + b.length + " entries");
        }
        double[] u = unit(a);
        double[] v = unit(b);
        double cos = 0;
        for (int i = 0; i < u.length; i++) {
            cos += u[i] * v[i];
        }
        cos = Math.max(-1, Math.min(1, cos));
        if (cos < -1 + OPPOSITE) {
            throw new IllegalArgumentException("the two latents are opposite (cosine " + cos + "): no unique arc joins them");
        }
        double omega = Math.acos(cos);
        float[][] out = new float[points][];
        for (int k = 0; k < points; k++) {
            double t = k / (double) (points - 1);
            double wa = omega < NEAR ? 1 - t : Math.sin((1 - t) * omega) / Math.sin(omega);
            double wb = omega < NEAR ? t : Math.sin(t * omega) / Math.sin(omega);
            double[] p = new double[u.length];
            for (int i = 0; i < u.length; i++) {
                p[i] = wa * u[i] + wb * v[i];
            }
            out[k] = toFloat(omega < NEAR ? unit(p) : p);
        }
        return out;
    }

    private static double[] unit(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return unit(d);
    }

    private static double[] unit(double[] x) {
        double n = 0;
        for (double v : x) {
            n += v * v;
        }
        n = Math.sqrt(n);
        if (!(n > 0) || !Double.isFinite(n)) {
            throw new IllegalArgumentException("a latent of norm " + n + " has no direction");
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] / n;
        }
        return out;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
