package clel.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
 *       {@link ColorJitterKind} chosen by {@link Builder#colorJitter} (default {@link ColorJitterKind#TORCHVISION}:
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
 */
public final class Augmenter {
    /** Uniforms drawn per image by the strong augmentation. */
    public static final int STRONG_UNIFORMS_PER_IMAGE = ResizedCropSampler.UNIFORMS_PER_IMAGE + 11;
    /** Uniforms drawn per image by the weak augmentation. */
    public static final int WEAK_UNIFORMS_PER_IMAGE = 3;

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

    private Augmenter(Builder b) {
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
    public static Builder builder(AugmentationKind kind) {
        return new Builder(kind);
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
                ? strongIn(x, sampleStrong(x.getManager(), batch, d[2], d[3]), colorJitter)
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
        float[] u = ResizedCropSampler.drawUniforms(manager, batch, STRONG_UNIFORMS_PER_IMAGE);
        return strongFromUniforms(u, batch, height, width);
    }

    /**
     * Decodes strong-augmentation parameters from {@value #STRONG_UNIFORMS_PER_IMAGE} uniforms in [0, 1)
     * per image (deterministic): 40 for the crop box, then flip, jitter-or-not, brightness, contrast,
     * saturation, hue, four keys whose ascending order gives the jitter order, and grayscale. With
     * {@link ColorJitterKind#KORNIA_0_6} the keys of image 0 give one order for the whole batch (the other images'
     * keys are unused, so both kinds read the same uniforms), and the brightness factor's upper bound is capped
     * at 2, as kornia's {@code _range_bound(brightness, center=1, bounds=(0, 2))} does.
     */
    public StrongParameters strongFromUniforms(float[] uniforms, int batch, int height, int width) {
        if (uniforms.length != batch * STRONG_UNIFORMS_PER_IMAGE) {
            throw new IllegalArgumentException("strong augmentation: need " + batch * STRONG_UNIFORMS_PER_IMAGE
                    + " uniforms for " + batch + " images, got " + uniforms.length);
        }
        List<CropBox> boxes = new ArrayList<>(batch);
        boolean[] flip = new boolean[batch];
        boolean[] gray = new boolean[batch];
        float[] bright = new float[batch];
        float[] contr = new float[batch];
        float[] satur = new float[batch];
        float[] hues = new float[batch];
        List<List<JitterOp>> order = new ArrayList<>(batch);
        boolean kornia = colorJitter == ColorJitterKind.KORNIA_0_6;
        double brightnessCap = kornia ? 2.0 : Double.POSITIVE_INFINITY;
        for (int b = 0; b < batch; b++) {
            int o = b * STRONG_UNIFORMS_PER_IMAGE;
            boxes.add(cropSampler.fromUniforms(height, width, uniforms, o));
            o += ResizedCropSampler.UNIFORMS_PER_IMAGE;
            flip[b] = uniforms[o] < flipProbability;
            boolean jitter = uniforms[o + 1] < jitterProbability;
            bright[b] = jitter ? factor(brightness, uniforms[o + 2], brightnessCap) : 1f;
            contr[b] = jitter ? factor(contrast, uniforms[o + 3], Double.POSITIVE_INFINITY) : 1f;
            satur[b] = jitter ? factor(saturation, uniforms[o + 4], Double.POSITIVE_INFINITY) : 1f;
            hues[b] = jitter ? (float) (hue * (2.0 * uniforms[o + 5] - 1.0)) : 0f;
            final int keys = kornia ? ResizedCropSampler.UNIFORMS_PER_IMAGE + 6 : o + 6;
            JitterOp[] ops = JitterOp.values().clone();
            Arrays.sort(ops, Comparator.comparingDouble(op -> uniforms[keys + op.ordinal()]));
            order.add(List.of(ops));
            gray[b] = uniforms[o + 10] < grayscaleProbability;
        }
        return new StrongParameters(boxes, flip, new ColorJitterParameters(bright, contr, satur, hues, order), gray);
    }

    /**
     * Draws the parameters of the weak augmentation for B images from the engine's RNG.
     *
     * @param manager manager whose device draws the uniforms (its temporary is closed)
     */
    public WeakParameters sampleWeak(NDManager manager, int batch) {
        float[] u = ResizedCropSampler.drawUniforms(manager, batch, WEAK_UNIFORMS_PER_IMAGE);
        int[] tops = new int[batch];
        int[] lefts = new int[batch];
        boolean[] flip = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            int o = b * WEAK_UNIFORMS_PER_IMAGE;
            tops[b] = ResizedCropSampler.uniformInteger(u[o], 2 * padding + 1);
            lefts[b] = ResizedCropSampler.uniformInteger(u[o + 1], 2 * padding + 1);
            flip[b] = u[o + 2] < flipProbability;
        }
        return new WeakParameters(padding, tops, lefts, flip);
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
        int[] d = ImageScope.check(images, "strong augmentation");
        ImageScope.checkLength(parameters.batch(), d[0], "strong augmentation", "parameters");
        Objects.requireNonNull(colorJitter, "colour-jitter kind");
        return ImageScope.run(images, x -> strongIn(x, parameters, colorJitter));
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

    private static NDArray strongIn(NDArray x, StrongParameters p, ColorJitterKind colorJitter) {
        NDArray cropped = ImageScope.run(x, y -> GeometricTransforms.resizedCropIn(y, p.boxes(), p.flip()));
        NDArray jittered = ImageScope.run(cropped, y -> switch (colorJitter) {
            case TORCHVISION -> ColorTransforms.colorJitterIn(y, p.jitter());
            case KORNIA_0_6 -> KorniaColorTransforms.colorJitterIn(y, p.jitter());
        });
        cropped.close();
        boolean[] gray = p.grayscale();
        boolean anyGray = false;
        for (boolean g : gray) {
            anyGray |= g;
        }
        if (!anyGray || x.getShape().get(1) == 1) {
            return jittered;
        }
        return ColorTransforms.grayscaleIn(jittered, gray);
    }

    private static float factor(double strength, float u, double cap) {
        if (strength == 0) {
            return 1f;
        }
        double lo = Math.max(0.0, 1.0 - strength);
        double hi = Math.min(cap, 1.0 + strength);
        return (float) (lo + (hi - lo) * u);
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

    /** Mutable builder of {@link Augmenter}; values are validated by {@link #build()}. */
    public static final class Builder {
        private AugmentationKind kind;
        private double scaleMin = 0.08;
        private double scaleMax = 1.0;
        private double ratioMin = 3.0 / 4.0;
        private double ratioMax = 4.0 / 3.0;
        private double flipProbability = 0.5;
        private double jitterProbability = 0.8;
        private double brightness = 0.4;
        private double contrast = 0.4;
        private double saturation = 0.4;
        private double hue = 0.1;
        private ColorJitterKind colorJitter = ColorJitterKind.TORCHVISION;
        private double grayscaleProbability = 0.2;
        private int padding = 4;

        private Builder(AugmentationKind kind) {
            this.kind = kind;
        }

        /** Sets the augmentation distribution. */
        public Builder kind(AugmentationKind value) {
            this.kind = value;
            return this;
        }

        /** Sets the area-fraction bounds of the resized crop (default 0.08, 1). */
        public Builder cropScale(double min, double max) {
            this.scaleMin = min;
            this.scaleMax = max;
            return this;
        }

        /** Sets the aspect-ratio bounds of the resized crop (default 3/4, 4/3). */
        public Builder cropRatio(double min, double max) {
            this.ratioMin = min;
            this.ratioMax = max;
            return this;
        }

        /** Sets the horizontal-flip probability (default 0.5). */
        public Builder flipProbability(double value) {
            this.flipProbability = value;
            return this;
        }

        /** Sets the probability of applying colour jitter (default 0.8). */
        public Builder jitterProbability(double value) {
            this.jitterProbability = value;
            return this;
        }

        /** Sets the brightness strength (default 0.4). */
        public Builder brightness(double value) {
            this.brightness = value;
            return this;
        }

        /** Sets the contrast strength (default 0.4). */
        public Builder contrast(double value) {
            this.contrast = value;
            return this;
        }

        /** Sets the saturation strength (default 0.4). */
        public Builder saturation(double value) {
            this.saturation = value;
            return this;
        }

        /** Sets the hue strength in turns, at most 0.5 (default 0.1). */
        public Builder hue(double value) {
            this.hue = value;
            return this;
        }

        /** Sets the colour-jitter formulas (default torchvision's). */
        public Builder colorJitter(ColorJitterKind value) {
            this.colorJitter = value;
            return this;
        }

        /** Sets the random-grayscale probability (default 0.2). */
        public Builder grayscaleProbability(double value) {
            this.grayscaleProbability = value;
            return this;
        }

        /** Sets the reflect padding of the weak augmentation (default 4). */
        public Builder padding(int value) {
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
}
