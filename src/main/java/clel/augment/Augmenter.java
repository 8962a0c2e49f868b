package clel.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;

/**
 * A random augmentation t ~ T applied independently to every image of a batch (the paper's T: "random
 * cropping, flipping, color jittering, and color dropping" following SimCLR; used for the encoder views
 * t_j(x), for h(t(x)) in the EBM loss and for the replay-buffer transitions).
 *
 * <p>Input and output are float32 arrays of shape (B, C, H, W) with values in [0, 1] and C = 3 (C = 1 is
 * accepted: saturation, hue and grayscale are then the identity). {@link #apply} returns a new array in
 * the input's manager; all temporaries live in a sub-manager that is closed before returning, and all
 * randomness comes from the engine's RNG ({@code Engine.getInstance().setRandomSeed(s)} makes results
 * reproducible). No gradient is recorded through the transform's parameters; call it outside a
 * GradientCollector.
 *
 * <p>{@link AugmentationKind#STRONG}, in torchvision/SimCLR order:
 * <ol>
 *   <li>RandomResizedCrop to H x W: box from {@link ResizedCropSampler} (scale (0.08, 1), ratio (3/4, 4/3)),
 *       bicubic with PIL's kernel, A = {@value GeometricTransforms#CUBIC_A}, result clamped to [0, 1];</li>
 *   <li>horizontal flip with probability 0.5 (folded into the crop's column matrix);</li>
 *   <li>with probability 0.8, ColorJitter(brightness 0.4, contrast 0.4, saturation 0.4, hue 0.1): factors
 *       U[0.6, 1.4] (three times) and hue shift U[-0.1, 0.1] turns, with the formulas of the
 *       {@link ColorJitterKind} chosen by {@link AugmenterBuilder#colorJitter} (default
 *       {@link ColorJitterKind#TORCHVISION}:
 *       {@link ColorTransforms}, the four adjustments in a random order drawn per image, where torchvision draws
 *       one order per call; {@link ColorJitterKind#KORNIA_0_6}: {@link KorniaColorTransforms}, one random order
 *       shared by the batch as kornia draws it), clamping after each;</li>
 *   <li>RandomGrayscale with probability 0.2 (luma 0.299 R + 0.587 G + 0.114 B on all channels).</li>
 * </ol>
 * The public code applies kornia's flip after the colour transforms; both commute with them, so the result has the
 * same distribution. {@link AugmentationKind#WEAK}: reflect-pad by 4, random H x W crop (offsets per image), horizontal
 * flip with probability 0.5. {@link AugmentationKind#NONE}: a copy.
 *
 * <p>Instances are immutable; build them with {@link #of(AugmentationKind)} or {@link #builder(AugmentationKind)}.
 * An instance holds the distribution's settings; {@link AugmentationDraw} draws a batch's parameters from them,
 * {@link StrongTransform} and {@link GeometricTransforms} apply the drawn parameters.
 */
public final class Augmenter {
    /** Uniforms drawn per image by the strong augmentation. */
    public static final int STRONG_UNIFORMS_PER_IMAGE = AugmentationDraw.STRONG_UNIFORMS_PER_IMAGE;
    /** Uniforms drawn per image by the weak augmentation. */
    public static final int WEAK_UNIFORMS_PER_IMAGE = AugmentationDraw.WEAK_UNIFORMS_PER_IMAGE;

    private final AugmentationKind kind;
    private final ColorJitterKind colorJitter;
    private final ResizedCropSampler cropSampler;
    private final double flipProbability;
    private final double jitterProbability;
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;
    private final double grayscaleProbability;
    private final int padding;

    /** The settings of a builder, validated. */
    Augmenter(AugmenterBuilder b) {
        this.kind = Objects.requireNonNull(b.kind, "augmentation kind");
        this.colorJitter = Objects.requireNonNull(b.colorJitter, "colour-jitter kind");
        this.cropSampler = new ResizedCropSampler(b.scaleMin, b.scaleMax, b.ratioMin, b.ratioMax);
        this.flipProbability = probability(b.flipProbability, "flip probability");
        this.jitterProbability = probability(b.jitterProbability, "colour-jitter probability");
        this.grayscaleProbability = probability(b.grayscaleProbability, "grayscale probability");
        this.brightness = strength(b.brightness, "brightness", Double.MAX_VALUE);
        this.contrast = strength(b.contrast, "contrast", Double.MAX_VALUE);
        this.saturation = strength(b.saturation, "saturation", Double.MAX_VALUE);
        this.hue = strength(b.hue, "hue", 0.5);
        if (b.padding < 0) {
            throw new IllegalArgumentException("augmenter: padding must be non-negative, got " + b.padding);
        }
        this.padding = b.padding;
    }

    /**
     * @param kind the augmentation distribution
     * @return an augmenter with the SimCLR / paper defaults
     */
    public static Augmenter of(AugmentationKind kind) {
        return builder(kind).build();
    }

    /**
     * @param kind the augmentation distribution
     * @return a builder holding the defaults (scale (0.08, 1), ratio (3/4, 4/3), flip 0.5, jitter 0.8 with
     *     strengths 0.4/0.4/0.4/0.1 and torchvision's formulas, grayscale 0.2, padding 4)
     */
    public static AugmenterBuilder builder(AugmentationKind kind) {
        return new AugmenterBuilder(kind);
    }

    /**
     * Draws t ~ T independently for every image and applies it.
     *
     * @param images (B, C, H, W) float32 in [0, 1], C = 1 or 3
     * @return a new (B, C, H, W) array in the input's manager
     * @throws IllegalArgumentException when the input is not such a batch (or too small for the padding)
     */
    public NDArray apply(NDArray images) {
        int[] d = ImageScope.check(images, "augment");
        int batch = d[0];
        if (kind == AugmentationKind.NONE || batch == 0) {
            return images.duplicate();
        }
        if (kind == AugmentationKind.WEAK && (padding >= d[2] || padding >= d[3])) {
            throw new IllegalArgumentException("augment: reflect padding " + padding
                    + " needs images larger than it, got " + d[2] + "x" + d[3]);
        }
        return ImageScope.run(images, x -> kind == AugmentationKind.STRONG
                ? StrongTransform.applyIn(x, sampleStrong(x.getManager(), batch, d[2], d[3]), colorJitter)
                : weakIn(x, sampleWeak(x.getManager(), batch)));
    }

    private static NDArray weakIn(NDArray x, WeakParameters p) {
        return GeometricTransforms.reflectPadCropIn(x, p.padding(), p.tops(), p.lefts(), p.flip());
    }

    /**
     * Draws the parameters of the strong augmentation for B images of size H x W from the engine's RNG.
     *
     * @param manager manager whose device draws the uniforms (its temporary is closed)
     */
    public StrongParameters sampleStrong(NDManager manager, int batch, int height, int width) {
        return AugmentationDraw.strong(this, manager, batch, height, width);
    }

    /**
     * Decodes strong-augmentation parameters from {@value #STRONG_UNIFORMS_PER_IMAGE} uniforms in [0, 1) per image
     * (deterministic), as {@link AugmentationDraw#strongFromUniforms} lays them out: the crop box, then flip,
     * jitter-or-not, the four jitter draws, four keys whose ascending order gives the jitter order, and grayscale.
     */
    public StrongParameters strongFromUniforms(float[] uniforms, int batch, int height, int width) {
        return AugmentationDraw.strongFromUniforms(this, uniforms, batch, height, width);
    }

    /**
     * Draws the parameters of the weak augmentation for B images from the engine's RNG.
     *
     * @param manager manager whose device draws the uniforms (its temporary is closed)
     */
    public WeakParameters sampleWeak(NDManager manager, int batch) {
        return AugmentationDraw.weak(this, manager, batch);
    }

    /**
     * The strong augmentation with given parameters (deterministic): resized crop and flip, colour jitter,
     * grayscale.
     *
     * @param images     (B, C, H, W) float32 in [0, 1]
     * @param parameters parameters for B images
     * @return a new (B, C, H, W) array in the input's manager
     */
    public static NDArray applyStrong(NDArray images, StrongParameters parameters) {
        return applyStrong(images, parameters, ColorJitterKind.TORCHVISION);
    }

    /**
     * The strong augmentation with given parameters and colour-jitter formulas (deterministic): resized crop and
     * flip, colour jitter ({@link ColorTransforms} or {@link KorniaColorTransforms}), grayscale.
     *
     * @param images      (B, C, H, W) float32 in [0, 1]
     * @param parameters  parameters for B images
     * @param colorJitter which formulas the jitter factors feed
     * @return a new (B, C, H, W) array in the input's manager
     */
    public static NDArray applyStrong(NDArray images, StrongParameters parameters, ColorJitterKind colorJitter) {
        return StrongTransform.apply(images, parameters, colorJitter);
    }

    /**
     * The weak augmentation with given parameters (deterministic): reflect pad, crop, flip.
     *
     * @param images     (B, C, H, W) float32
     * @param parameters parameters for B images
     * @return a new (B, C, H, W) array in the input's manager
     */
    public static NDArray applyWeak(NDArray images, WeakParameters parameters) {
        return GeometricTransforms.reflectPadCrop(images, parameters.padding(), parameters.tops(),
                parameters.lefts(), parameters.flip());
    }

    private static double probability(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("augmenter: " + name + " must be in [0, 1], got " + p);
        }
        return p;
    }

    private static double strength(double v, String name, double max) {
        if (!(v >= 0 && v <= max)) {
            throw new IllegalArgumentException("augmenter: " + name + " strength must be in [0, " + max + "], got " + v);
        }
        return v;
    }

    /** @return the augmentation distribution */
    public AugmentationKind kind() {
        return kind;
    }

    /** @return the colour-jitter formulas of the strong augmentation */
    public ColorJitterKind colorJitter() {
        return colorJitter;
    }

    /** @return the crop-box sampler of the strong augmentation */
    public ResizedCropSampler cropSampler() {
        return cropSampler;
    }

    /** @return probability of a horizontal flip */
    public double flipProbability() {
        return flipProbability;
    }

    /** @return probability that colour jitter is applied (strong) */
    public double jitterProbability() {
        return jitterProbability;
    }

    /** @return brightness strength b: factor ~ U[max(0, 1 - b), 1 + b] (kornia-0.6: upper bound min(2, 1 + b)) */
    public double brightness() {
        return brightness;
    }

    /** @return contrast strength c: factor ~ U[max(0, 1 - c), 1 + c] */
    public double contrast() {
        return contrast;
    }

    /** @return saturation strength s: factor ~ U[max(0, 1 - s), 1 + s] */
    public double saturation() {
        return saturation;
    }

    /** @return hue strength h: shift ~ U[-h, h] turns */
    public double hue() {
        return hue;
    }

    /** @return probability of converting to grayscale (strong) */
    public double grayscaleProbability() {
        return grayscaleProbability;
    }

    /** @return reflect padding of the weak augmentation */
    public int padding() {
        return padding;
    }

    @Override
    public String toString() {
        return "Augmenter[" + kind.configName() + ", crop " + cropSampler + ", flip " + flipProbability
                + ", jitter " + jitterProbability + " (" + brightness + ", " + contrast + ", " + saturation + ", "
                + hue + ", " + colorJitter + "), grayscale " + grayscaleProbability + ", padding " + padding + "]";
    }
}
