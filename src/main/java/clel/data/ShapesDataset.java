package clel.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The built-in, zero-download data set: procedurally generated 32x32 RGB images of one coloured shape on a
 * plain background, labelled by shape kind and annotated with binary attributes for compositional
 * generation.
 *
 * <p><b>Content.</b> Each image shows one shape of a {@linkplain #KINDS training kind} (class label =
 * index in {@link #CLASS_NAMES}: circle, square, triangle, plus, ring), filled with one of the six
 * {@linkplain #PALETTE palette colours} (jittered by at most {@link #COLOR_JITTER} per channel), either
 * small (radius in [{@value #SMALL_RADIUS_MIN}, {@value #SMALL_RADIUS_MAX}) pixels) or large (radius in
 * [{@value #LARGE_RADIUS_MIN}, {@value #LARGE_RADIUS_MAX})), at a position entirely inside the image with a
 * margin of {@value #MARGIN} pixel and with its centre at least {@value #CENTRE_GAP} pixel away from the
 * vertical and horizontal mid-lines (so "left_half" and "top_half" are unambiguous). The background is
 * either dark (base grey 15..60) or light (base grey 185..235), slightly tinted, with a mild linear
 * gradient and faint luminance noise (see {@link ShapeBackground}). Edges are anti-aliased by 4x4
 * supersampling. Every choice is uniform and independent.
 *
 * <p><b>Attributes</b> ({@link #ATTRIBUTE_NAMES}, values 0/1): one-hot colour {@code red, green, blue,
 * yellow, magenta, cyan}; {@code large}; {@code light_background}; {@code left_half} (centre x &lt; 16);
 * {@code top_half} (centre y &lt; 16).
 *
 * <p><b>Determinism.</b> Image i of {@code generate(count, seed)} depends only on (seed, i): it is drawn
 * from a {@link SplittableRandom} seeded with a mix of both, so the same seed gives byte-identical
 * output regardless of count, threads or order, and {@code generate(n, seed)} is a prefix of
 * {@code generate(m, seed)} for n &lt; m. Generation runs in parallel. The standard split is
 * {@link #train(int, long)} = {@code generate(n, seed)} and {@link #test(int, long)} =
 * {@code generate(m, seed + TEST_SEED_OFFSET)}.
 *
 * <p>The ImageSet's mean/std are the per-channel statistics of the generated pixels (values / 255,
 * population std over all images and positions).
 */
public final class ShapesDataset {
    /** Name of the generated ImageSet. */
    public static final String NAME = "shapes";
    /** Image side length in pixels (H = W). */
    public static final int SIZE = 32;
    /** Number of channels (RGB). */
    public static final int CHANNELS = 3;
    /** Shape kinds of the training distribution; class label = index in this list. */
    public static final List<ShapeKind> KINDS = List.of(
            ShapeKind.CIRCLE, ShapeKind.SQUARE, ShapeKind.TRIANGLE, ShapeKind.PLUS, ShapeKind.RING);
    /** Class names: {@code circle, square, triangle, plus, ring}. */
    public static final List<String> CLASS_NAMES = KINDS.stream().map(ShapeKind::label).toList();
    /** Shape kinds of {@link OodKind#UNSEEN_SHAPES}; label = index in this list. */
    public static final List<ShapeKind> UNSEEN_KINDS = List.of(ShapeKind.STAR, ShapeKind.HEXAGON);
    /** The training palette: red, green, blue, yellow, magenta, cyan. */
    public static final List<ShapeColor> PALETTE = List.of(
            ShapeColor.RED, ShapeColor.GREEN, ShapeColor.BLUE, ShapeColor.YELLOW, ShapeColor.MAGENTA, ShapeColor.CYAN);
    /** Colours of {@link OodKind#UNSEEN_COLORS}. */
    public static final List<ShapeColor> UNSEEN_COLORS = List.of(
            ShapeColor.ORANGE, ShapeColor.PURPLE, ShapeColor.BROWN, ShapeColor.PINK);
    /**
     * Binary attribute names, in order: {@code red, green, blue, yellow, magenta, cyan} (one-hot fill
     * colour), {@code large}, {@code light_background}, {@code left_half}, {@code top_half}.
     */
    public static final List<String> ATTRIBUTE_NAMES;
    /** Index of attribute "large" in {@link #ATTRIBUTE_NAMES}. */
    public static final int ATTR_LARGE = PALETTE.size();
    /** Index of attribute "light_background". */
    public static final int ATTR_LIGHT_BACKGROUND = ATTR_LARGE + 1;
    /** Index of attribute "left_half". */
    public static final int ATTR_LEFT_HALF = ATTR_LARGE + 2;
    /** Index of attribute "top_half". */
    public static final int ATTR_TOP_HALF = ATTR_LARGE + 3;

    static {
        List<String> names = new ArrayList<>();
        for (ShapeColor c : PALETTE) {
            names.add(c.label());
        }
        names.addAll(List.of("large", "light_background", "left_half", "top_half"));
        ATTRIBUTE_NAMES = List.copyOf(names);
    }

    /** Added to the seed to obtain the test split: {@code test(m, seed) = generate(m, seed + TEST_SEED_OFFSET)}. */
    public static final long TEST_SEED_OFFSET = 0x7E57_5EEDL;
    /** Maximum absolute per-channel deviation of a fill colour from its nominal palette value. */
    public static final int COLOR_JITTER = 12;
    /** Smallest radius in pixels of a small shape. */
    public static final double SMALL_RADIUS_MIN = 5.0;
    /** Bound (exclusive) of the radius in pixels of a small shape. */
    public static final double SMALL_RADIUS_MAX = 7.0;
    /** Smallest radius in pixels of a large shape. */
    public static final double LARGE_RADIUS_MIN = 10.0;
    /** Bound (exclusive) of the radius in pixels of a large shape. */
    public static final double LARGE_RADIUS_MAX = 12.5;
    /** Minimum distance in pixels between the shape's bounding box and the image border. */
    public static final double MARGIN = 1.0;
    /** Minimum distance in pixels between the shape's centre and the image mid-lines. */
    public static final double CENTRE_GAP = 1.0;
    /** Largest count accepted (count * 3 * 32 * 32 bytes must fit in one array). */
    public static final int MAX_COUNT = Integer.MAX_VALUE / (CHANNELS * SIZE * SIZE);
    /** Lower bound applied to the computed per-channel std (a constant channel would otherwise give 0). */
    public static final float MIN_STD = 1e-3f;

    private static final int IMAGE_BYTES = CHANNELS * SIZE * SIZE;

    private ShapesDataset() {
    }

    /**
     * Generates {@code count} images of the training distribution.
     *
     * @param count number of images, 1..{@link #MAX_COUNT}
     * @param seed  data seed; image i depends only on (seed, i)
     * @return ImageSet "shapes" of count x 3 x 32 x 32 bytes with classes {@link #CLASS_NAMES} and attributes
     *         {@link #ATTRIBUTE_NAMES}
     */
    public static ImageSet generate(int count, long seed) {
        checkCount(count);
        byte[] pixels = new byte[count * IMAGE_BYTES];
        int[] labels = new int[count];
        byte[] attributes = new byte[count * ATTRIBUTE_NAMES.size()];
        IntStream.range(0, count).parallel().forEach(i -> {
            ShapeSpec spec = describe(imageRandom(seed, i), KINDS, PALETTE);
            ShapeRenderer.render(spec, pixels, i * IMAGE_BYTES);
            labels[i] = KINDS.indexOf(spec.kind());
            System.arraycopy(attributesOf(spec), 0, attributes, i * ATTRIBUTE_NAMES.size(), ATTRIBUTE_NAMES.size());
        });
        float[][] stats = channelStats(pixels, CHANNELS, SIZE * SIZE);
        return withGroups(new ImageSet(NAME, CHANNELS, SIZE, SIZE, pixels, labels, CLASS_NAMES, ATTRIBUTE_NAMES,
                attributes, stats[0], stats[1]));
    }

    /**
     * The set with its factors grouped (for {@code clel analyze}): "colour" from the colour attributes, "position"
     * (quadrant) from left_half and top_half, as far as the set has these attributes.
     */
    private static ImageSet withGroups(ImageSet set) {
        List<AttributeGroup> groups = new ArrayList<>();
        List<String> colours = PALETTE.stream().map(ShapeColor::label).toList();
        if (set.attributeNames().containsAll(colours)) {
            groups.add(new AttributeGroup("colour", colours));
        }
        List<String> position = List.of("left_half", "top_half");
        if (set.attributeNames().containsAll(position)) {
            groups.add(new AttributeGroup("position", position));
        }
        return set.withAttributeGroups(groups);
    }

    /**
     * The training split: identical to {@code generate(count, seed)}.
     *
     * @param count the number of images
     * @param seed  the data set's seed (clel uses {@code clel.data.source.DataSources#SHAPES_SEED})
     * @return the images, labels and attributes
     */
    public static ImageSet train(int count, long seed) {
        return generate(count, seed);
    }

    /**
     * The test split: {@code generate(count, seed + TEST_SEED_OFFSET)}, disjoint streams from the training split.
     *
     * @param count the number of images
     * @param seed  the seed of the training split it is held out from
     * @return the images, labels and attributes
     */
    public static ImageSet test(int count, long seed) {
        return generate(count, seed + TEST_SEED_OFFSET);
    }

    /**
     * Generates an out-of-distribution image set for OOD-detection demos, in the same 3 x 32 x 32 format.
     * The images come from streams derived from (seed, kind) that differ from those of
     * {@link #generate}/{@link #test} with the same seed. Classes and attributes per kind are described in
     * {@link OodKind}; mean/std are those of the generated OOD pixels.
     *
     * @param count number of images, 1..{@link #MAX_COUNT}
     * @param seed  data seed
     * @param kind  which kind of OOD data
     * @return ImageSet named "shapes-ood-" + kind in lower case
     */
    public static ImageSet generateOutOfDistribution(int count, long seed, OodKind kind) {
        Objects.requireNonNull(kind, "kind");
        checkCount(count);
        long oodSeed = mix64(seed ^ (0xD1B54A32D192ED03L * (kind.ordinal() + 1)));
        byte[] pixels = new byte[count * IMAGE_BYTES];
        int[] labels = new int[count];
        List<String> classNames;
        List<String> attributeNames;
        byte[] attributes;
        switch (kind) {
            case NOISE:
                classNames = List.of("noise");
                attributeNames = List.of();
                attributes = new byte[0];
                IntStream.range(0, count).parallel().forEach(i -> {
                    SplittableRandom rng = imageRandom(oodSeed, i);
                    int off = i * IMAGE_BYTES;
                    for (int k = 0; k < IMAGE_BYTES; k++) {
                        pixels[off + k] = (byte) rng.nextInt(256);
                    }
                });
                break;
            case UNSEEN_SHAPES: {
                classNames = UNSEEN_KINDS.stream().map(ShapeKind::label).toList();
                attributeNames = ATTRIBUTE_NAMES;
                byte[] attrs = new byte[count * ATTRIBUTE_NAMES.size()];
                IntStream.range(0, count).parallel().forEach(i -> {
                    ShapeSpec spec = describe(imageRandom(oodSeed, i), UNSEEN_KINDS, PALETTE);
                    ShapeRenderer.render(spec, pixels, i * IMAGE_BYTES);
                    labels[i] = UNSEEN_KINDS.indexOf(spec.kind());
                    System.arraycopy(attributesOf(spec), 0, attrs, i * ATTRIBUTE_NAMES.size(),
                            ATTRIBUTE_NAMES.size());
                });
                attributes = attrs;
                break;
            }
            case UNSEEN_COLORS: {
                classNames = CLASS_NAMES;
                List<String> names = ATTRIBUTE_NAMES.subList(ATTR_LARGE, ATTRIBUTE_NAMES.size());
                attributeNames = names;
                byte[] attrs = new byte[count * names.size()];
                IntStream.range(0, count).parallel().forEach(i -> {
                    ShapeSpec spec = describe(imageRandom(oodSeed, i), KINDS, UNSEEN_COLORS);
                    ShapeRenderer.render(spec, pixels, i * IMAGE_BYTES);
                    labels[i] = KINDS.indexOf(spec.kind());
                    System.arraycopy(attributesOf(spec), ATTR_LARGE, attrs, i * names.size(), names.size());
                });
                attributes = attrs;
                break;
            }
            default:
                throw new IllegalArgumentException("unknown OOD kind " + kind);
        }
        float[][] stats = channelStats(pixels, CHANNELS, SIZE * SIZE);
        return withGroups(new ImageSet(NAME + "-ood-" + kind.name().toLowerCase(Locale.ROOT), CHANNELS, SIZE,
                SIZE, pixels, labels, classNames, attributeNames, attributes, stats[0], stats[1]));
    }

    /**
     * The description of image {@code index} of {@code generate(count, seed)} (for any count &gt; index),
     * without rendering it.
     *
     * @param seed  the seed of {@code generate}
     * @param index the image's index, at least 0
     * @return its shape, colour, size, position and background
     */
    public static ShapeSpec describe(long seed, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("shapes: image index must be >= 0, got " + index);
        }
        return describe(imageRandom(seed, index), KINDS, PALETTE);
    }

    /**
     * Renders one image.
     *
     * @param spec what to draw
     * @return 3 x 32 x 32 bytes in CHW order
     */
    public static byte[] render(ShapeSpec spec) {
        byte[] out = new byte[IMAGE_BYTES];
        ShapeRenderer.render(spec, out, 0);
        return out;
    }

    /**
     * The attribute values of an image, in the order of {@link #ATTRIBUTE_NAMES}. A colour outside the
     * training palette sets none of the colour attributes.
     *
     * @param spec the image description
     * @return {@code ATTRIBUTE_NAMES.size()} values 0/1
     */
    public static byte[] attributesOf(ShapeSpec spec) {
        byte[] a = new byte[ATTRIBUTE_NAMES.size()];
        int colorIndex = PALETTE.indexOf(spec.color());
        if (colorIndex >= 0) {
            a[colorIndex] = 1;
        }
        a[ATTR_LARGE] = (byte) (spec.large() ? 1 : 0);
        a[ATTR_LIGHT_BACKGROUND] = (byte) (spec.background().light() ? 1 : 0);
        a[ATTR_LEFT_HALF] = (byte) (spec.centerX() < SIZE / 2.0 ? 1 : 0);
        a[ATTR_TOP_HALF] = (byte) (spec.centerY() < SIZE / 2.0 ? 1 : 0);
        return a;
    }

    private static void checkCount(int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("shapes: image count must be in 1.." + MAX_COUNT + ", got " + count);
        }
    }

    /** The random stream of image {@code index} under {@code seed}. */
    private static SplittableRandom imageRandom(long seed, int index) {
        return new SplittableRandom(mix64(mix64(seed) + 0x9E3779B97F4A7C15L * (index + 1L)));
    }

    /** SplitMix64 finalizer (Stafford variant 13). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Draws a description; the order of draws is part of the data set's definition. */
    private static ShapeSpec describe(SplittableRandom rng, List<ShapeKind> kinds, List<ShapeColor> colors) {
        ShapeKind kind = kinds.get(rng.nextInt(kinds.size()));
        ShapeColor color = colors.get(rng.nextInt(colors.size()));
        int red = clampByte(color.red() + rng.nextInt(-COLOR_JITTER, COLOR_JITTER + 1));
        int green = clampByte(color.green() + rng.nextInt(-COLOR_JITTER, COLOR_JITTER + 1));
        int blue = clampByte(color.blue() + rng.nextInt(-COLOR_JITTER, COLOR_JITTER + 1));
        boolean large = rng.nextBoolean();
        double radius = large ? rng.nextDouble(LARGE_RADIUS_MIN, LARGE_RADIUS_MAX)
                : rng.nextDouble(SMALL_RADIUS_MIN, SMALL_RADIUS_MAX);
        double half = SIZE / 2.0;
        double cx = rng.nextBoolean() ? rng.nextDouble(radius + MARGIN, half - CENTRE_GAP)
                : rng.nextDouble(half + CENTRE_GAP, SIZE - MARGIN - radius);
        double cy = rng.nextBoolean() ? rng.nextDouble(radius + MARGIN, half - CENTRE_GAP)
                : rng.nextDouble(half + CENTRE_GAP, SIZE - MARGIN - radius);
        boolean light = rng.nextBoolean();
        int level = light ? rng.nextInt(185, 236) : rng.nextInt(15, 61);
        int bgRed = level + rng.nextInt(-8, 9);
        int bgGreen = level + rng.nextInt(-8, 9);
        int bgBlue = level + rng.nextInt(-8, 9);
        double gradient = rng.nextDouble(0, 12);
        double angle = rng.nextDouble(0, 2 * Math.PI);
        int noise = rng.nextInt(0, 7);
        long noiseSeed = rng.nextLong();
        ShapeBackground background = new ShapeBackground(light, bgRed, bgGreen, bgBlue, gradient, angle, noise,
                noiseSeed);
        return new ShapeSpec(kind, color, red, green, blue, cx, cy, radius, large, background);
    }

    private static int clampByte(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * Per-channel mean and population std of values / 255 over all images and positions, computed from
     * exact integer sums (so the result does not depend on summation order).
     */
    private static float[][] channelStats(byte[] pixels, int channels, int plane) {
        long[] sum = new long[channels];
        long[] sumSq = new long[channels];
        int imageBytes = channels * plane;
        for (int off = 0; off < pixels.length; off += imageBytes) {
            for (int c = 0; c < channels; c++) {
                long s = 0;
                long q = 0;
                int start = off + c * plane;
                for (int k = start; k < start + plane; k++) {
                    int v = pixels[k] & 0xff;
                    s += v;
                    q += v * v;
                }
                sum[c] += s;
                sumSq[c] += q;
            }
        }
        double n = (double) pixels.length / channels;
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            double var = Math.max(0, sumSq[c] / n - m * m);
            mean[c] = (float) (m / 255.0);
            std[c] = Math.max(MIN_STD, (float) (Math.sqrt(var) / 255.0));
        }
        return new float[][] {mean, std};
    }
}
