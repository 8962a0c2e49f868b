package clel.data;

/**
 * Kinds of out-of-distribution image sets produced by {@link ShapesDataset#generateOutOfDistribution}
 * for OOD-detection demos (a model trained on the shapes should assign these a higher energy).
 */
public enum OodKind {
    /** Every pixel and channel independently uniform in 0..255. One class "noise", no attributes. */
    NOISE,
    /**
     * Shapes of kinds never seen in training ({@link ShapeKind#STAR}, {@link ShapeKind#HEXAGON}) drawn with
     * the training palette, sizes, positions and backgrounds. Classes "star", "hexagon"; same attributes
     * as the training set.
     */
    UNSEEN_SHAPES,
    /**
     * Shapes of the training kinds drawn in colours absent from the training palette (orange, purple, brown,
     * pink; see {@link ShapeColor}) with the training sizes, positions and backgrounds. Same classes as the
     * training set; attributes "large", "light_background", "left_half", "top_half" only.
     */
    UNSEEN_COLORS
}
