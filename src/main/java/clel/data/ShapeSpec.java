package clel.data;

import java.util.Objects;

/**
 * Complete description of one {@link ShapesDataset} image: what {@link ShapesDataset#render} draws.
 * Coordinates are continuous image coordinates: pixel (x, y) covers {@code [x, x+1) x [y, y+1)}, y grows
 * downwards, and the whole {@code [-radius, radius]^2} box around the centre lies inside the image.
 *
 * @param kind       shape kind (class)
 * @param color      nominal palette colour
 * @param red        actual (jittered) fill red 0..255
 * @param green      actual fill green 0..255
 * @param blue       actual fill blue 0..255
 * @param centerX    x of the shape's centre
 * @param centerY    y of the shape's centre
 * @param radius     r, half the side of the shape's bounding box, positive
 * @param large      whether the shape is of the large size class
 * @param background background description
 */
public record ShapeSpec(ShapeKind kind, ShapeColor color, int red, int green, int blue,
                        double centerX, double centerY, double radius, boolean large,
                        ShapeBackground background) {
    /**
     * Checks the description: kind, colour and background given, colours in 0..255, a finite positive radius and centre.
     *
     * @param kind       shape kind (class)
     * @param color      nominal palette colour
     * @param red        actual (jittered) fill red 0..255
     * @param green      actual fill green 0..255
     * @param blue       actual fill blue 0..255
     * @param centerX    x of the shape's centre
     * @param centerY    y of the shape's centre
     * @param radius     r, half the side of the shape's bounding box, positive
     * @param large      whether the shape is of the large size class
     * @param background background description
     */
    public ShapeSpec {
        Objects.requireNonNull(kind, "ShapeSpec: kind");
        Objects.requireNonNull(color, "ShapeSpec: color");
        Objects.requireNonNull(background, "ShapeSpec: background");
        for (int v : new int[] {red, green, blue}) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("ShapeSpec: fill colour values must be in 0..255, got " + v);
            }
        }
        if (!(radius > 0) || !Double.isFinite(radius)) {
            throw new IllegalArgumentException("ShapeSpec: radius must be finite and positive, got " + radius);
        }
        if (!Double.isFinite(centerX) || !Double.isFinite(centerY)) {
            throw new IllegalArgumentException("ShapeSpec: centre must be finite, got (" + centerX + ", " + centerY + ")");
        }
    }

    /**
     * @param c a channel: 0 = red, 1 = green, 2 = blue
     * @return the actual fill value 0..255 of channel c
     */
    public int channel(int c) {
        switch (c) {
            case 0: return red;
            case 1: return green;
            case 2: return blue;
            default: throw new IllegalArgumentException("colour channel must be 0, 1 or 2, got " + c);
        }
    }

    /**
     * Whether the continuous point (x, y) lies on the shape.
     *
     * @param x image x coordinate
     * @param y image y coordinate
     * @return true when the point is inside the shape
     */
    public boolean contains(double x, double y) {
        double dx = x - centerX;
        double dy = y - centerY;
        double r = radius;
        switch (kind) {
            case CIRCLE:
                return dx * dx + dy * dy <= r * r;
            case SQUARE: {
                double s = 0.8 * r;
                return Math.abs(dx) <= s && Math.abs(dy) <= s;
            }
            case TRIANGLE:
                return dy <= r && dy >= -r && Math.abs(dx) <= (dy + r) * 0.5;
            case PLUS: {
                double t = 0.3 * r;
                double ax = Math.abs(dx);
                double ay = Math.abs(dy);
                return (ax <= r && ay <= t) || (ay <= r && ax <= t);
            }
            case RING: {
                double d2 = dx * dx + dy * dy;
                double inner = 0.55 * r;
                return d2 <= r * r && d2 >= inner * inner;
            }
            case STAR:
                return insideStar(dx, dy, r);
            case HEXAGON: {
                double ax = Math.abs(dx);
                double ay = Math.abs(dy);
                double sqrt3 = Math.sqrt(3.0);
                return ay <= r * sqrt3 / 2 && sqrt3 * ax + ay <= sqrt3 * r;
            }
            default:
                throw new IllegalStateException("unknown shape kind " + kind);
        }
    }

    /** Vertices of the unit five-pointed star pointing up (outer radius 1, inner 0.45), closed. */
    private static final double[] STAR_X = new double[11];
    private static final double[] STAR_Y = new double[11];

    static {
        for (int k = 0; k <= 10; k++) {
            double rad = (k % 2 == 0) ? 1.0 : 0.45;
            double angle = -Math.PI / 2 + k * Math.PI / 5;
            STAR_X[k] = rad * StrictMath.cos(angle);
            STAR_Y[k] = rad * StrictMath.sin(angle);
        }
    }

    /** Even-odd test against the 10-vertex polygon of a five-pointed star pointing up. */
    private static boolean insideStar(double dx, double dy, double r) {
        if (dx * dx + dy * dy > r * r) {
            return false;
        }
        double px = dx / r;
        double py = dy / r;
        boolean inside = false;
        for (int k = 1; k <= 10; k++) {
            double ax = STAR_X[k - 1];
            double ay = STAR_Y[k - 1];
            double bx = STAR_X[k];
            double by = STAR_Y[k];
            if ((by > py) != (ay > py)) {
                double xCross = ax + (py - ay) * (bx - ax) / (by - ay);
                if (px < xCross) {
                    inside = !inside;
                }
            }
        }
        return inside;
    }
}
