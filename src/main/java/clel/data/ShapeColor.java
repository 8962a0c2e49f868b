package clel.data;

import java.util.Locale;

/**
 * Fill colours of {@link ShapesDataset}. The first six are the training palette: well separated, saturated
 * sRGB colours (each image draws its shape in one of them, jittered by at most
 * {@link ShapesDataset#COLOR_JITTER} per channel). The last four never occur in the training set and are
 * used only by {@link ShapesDataset#generateOutOfDistribution} with {@link OodKind#UNSEEN_COLORS}.
 */
public enum ShapeColor {
    /** Training palette. */
    RED(225, 35, 35, true),
    /** Training palette. */
    GREEN(40, 190, 50, true),
    /** Training palette. */
    BLUE(40, 80, 235, true),
    /** Training palette. */
    YELLOW(245, 215, 30, true),
    /** Training palette. */
    MAGENTA(215, 50, 215, true),
    /** Training palette. */
    CYAN(30, 205, 215, true),
    /** Out-of-distribution only. */
    ORANGE(250, 130, 20, false),
    /** Out-of-distribution only. */
    PURPLE(110, 40, 165, false),
    /** Out-of-distribution only. */
    BROWN(140, 85, 40, false),
    /** Out-of-distribution only. */
    PINK(250, 150, 185, false);

    private final int red;
    private final int green;
    private final int blue;
    private final boolean inTrainingSet;

    ShapeColor(int red, int green, int blue, boolean inTrainingSet) {
        this.red = red;
        this.green = green;
        this.blue = blue;
        this.inTrainingSet = inTrainingSet;
    }

    /** @return whether this colour belongs to the training palette */
    public boolean inTrainingSet() {
        return inTrainingSet;
    }

    /** @return the nominal red value 0..255 */
    public int red() {
        return red;
    }

    /** @return the nominal green value 0..255 */
    public int green() {
        return green;
    }

    /** @return the nominal blue value 0..255 */
    public int blue() {
        return blue;
    }

    /**
     * @param c a channel: 0 = red, 1 = green, 2 = blue
     * @return the nominal value 0..255 of channel c
     */
    public int channel(int c) {
        switch (c) {
            case 0: return red;
            case 1: return green;
            case 2: return blue;
            default: throw new IllegalArgumentException("colour channel must be 0, 1 or 2, got " + c);
        }
    }

    /** @return the lower-case name used as attribute name, e.g. {@code "red"} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
