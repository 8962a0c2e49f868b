package clel.augment;

/**
 * Mutable builder of {@link Augmenter}, holding the SimCLR / paper defaults until set; values are validated by
 * {@link #build()}.
 */
public final class AugmenterBuilder {
    AugmentationKind kind;
    double scaleMin = 0.08;
    double scaleMax = 1.0;
    double ratioMin = 3.0 / 4.0;
    double ratioMax = 4.0 / 3.0;
    double flipProbability = 0.5;
    double jitterProbability = 0.8;
    double brightness = 0.4;
    double contrast = 0.4;
    double saturation = 0.4;
    double hue = 0.1;
    ColorJitterKind colorJitter = ColorJitterKind.TORCHVISION;
    double grayscaleProbability = 0.2;
    int padding = 4;

    AugmenterBuilder(AugmentationKind kind) {
        this.kind = kind;
    }

    /** Sets the augmentation distribution. */
    public AugmenterBuilder kind(AugmentationKind value) {
        this.kind = value;
        return this;
    }

    /** Sets the area-fraction bounds of the resized crop (default 0.08, 1). */
    public AugmenterBuilder cropScale(double min, double max) {
        this.scaleMin = min;
        this.scaleMax = max;
        return this;
    }

    /** Sets the aspect-ratio bounds of the resized crop (default 3/4, 4/3). */
    public AugmenterBuilder cropRatio(double min, double max) {
        this.ratioMin = min;
        this.ratioMax = max;
        return this;
    }

    /** Sets the horizontal-flip probability (default 0.5). */
    public AugmenterBuilder flipProbability(double value) {
        this.flipProbability = value;
        return this;
    }

    /** Sets the probability of applying colour jitter (default 0.8). */
    public AugmenterBuilder jitterProbability(double value) {
        this.jitterProbability = value;
        return this;
    }

    /** Sets the brightness strength (default 0.4). */
    public AugmenterBuilder brightness(double value) {
        this.brightness = value;
        return this;
    }

    /** Sets the contrast strength (default 0.4). */
    public AugmenterBuilder contrast(double value) {
        this.contrast = value;
        return this;
    }

    /** Sets the saturation strength (default 0.4). */
    public AugmenterBuilder saturation(double value) {
        this.saturation = value;
        return this;
    }

    /** Sets the hue strength in turns, at most 0.5 (default 0.1). */
    public AugmenterBuilder hue(double value) {
        this.hue = value;
        return this;
    }

    /** Sets the colour-jitter formulas (default torchvision's). */
    public AugmenterBuilder colorJitter(ColorJitterKind value) {
        this.colorJitter = value;
        return this;
    }

    /** Sets the random-grayscale probability (default 0.2). */
    public AugmenterBuilder grayscaleProbability(double value) {
        this.grayscaleProbability = value;
        return this;
    }

    /** Sets the reflect padding of the weak augmentation (default 4). */
    public AugmenterBuilder padding(int value) {
        this.padding = value;
        return this;
    }

    /**
     * @return the immutable augmenter
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public Augmenter build() {
        return new Augmenter(this);
    }
}
