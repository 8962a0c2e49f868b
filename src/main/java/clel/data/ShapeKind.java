package clel.data;

import java.util.Locale;

/**
 * The kinds of shape drawn by {@link ShapesDataset}. The first five are the classes of the built-in data
 * set (class label = ordinal); {@link #STAR} and {@link #HEXAGON} never occur in it and are used only by
 * {@link ShapesDataset#generateOutOfDistribution} with {@link OodKind#UNSEEN_SHAPES}.
 *
 * <p>Every shape is defined inside the square {@code [-r, r] x [-r, r]} around its centre, where r is the
 * shape's radius ({@link ShapeSpec#radius()}), and is mirror-symmetric about the vertical line through its
 * centre. The bounding box of each training kind (and of the hexagon) is centred on the shape's centre;
 * the star's extends from -r above the centre to 0.81 r below it.
 */
public enum ShapeKind {
    /** Filled disc of radius r. */
    CIRCLE(true, true),
    /** Filled axis-aligned square of half side 0.8 r. */
    SQUARE(true, true),
    /** Filled upright isosceles triangle: apex (0, -r), base corners (+-r, r) (y grows downwards). */
    TRIANGLE(true, true),
    /** Filled plus sign: two bars of length 2 r and half thickness 0.3 r. */
    PLUS(true, true),
    /** Annulus with outer radius r and inner radius 0.55 r; its centre shows the background. */
    RING(true, false),
    /** Five-pointed star (outer radius r, inner radius 0.45 r); out-of-distribution only. */
    STAR(false, true),
    /** Regular hexagon with circumradius r and flat top and bottom; out-of-distribution only. */
    HEXAGON(false, true);

    private final boolean inTrainingSet;
    private final boolean centreFilled;

    ShapeKind(boolean inTrainingSet, boolean centreFilled) {
        this.inTrainingSet = inTrainingSet;
        this.centreFilled = centreFilled;
    }

    /** @return whether this kind is one of the classes of the built-in data set */
    public boolean inTrainingSet() {
        return inTrainingSet;
    }

    /** @return whether the pixel at the shape's centre is fully covered by the shape (false only for the ring) */
    public boolean centreFilled() {
        return centreFilled;
    }

    /** @return the lower-case name used as class name, e.g. {@code "circle"} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
