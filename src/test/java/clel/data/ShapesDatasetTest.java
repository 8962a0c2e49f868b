package clel.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShapesDatasetTest {
    private static final int N = 2000;
    private static final long SEED = 12345L;
    private static ImageSet set;

    @BeforeAll
    static void generate() {
        set = ShapesDataset.generate(N, SEED);
    }

    private static byte[] attributes(ImageSet s) {
        int a = s.attributeNames().size();
        byte[] out = new byte[s.count() * a];
        for (int i = 0; i < s.count(); i++) {
            for (int k = 0; k < a; k++) {
                out[i * a + k] = (byte) s.attribute(i, k);
            }
        }
        return out;
    }

    @Test
    void formatAndNames() {
        assertEquals("shapes", set.name());
        assertEquals(N, set.count());
        assertEquals(3, set.channels());
        assertEquals(32, set.height());
        assertEquals(32, set.width());
        assertEquals(N * 3 * 32 * 32, set.pixels().length);
        assertEquals(List.of("circle", "square", "triangle", "plus", "ring"), set.classNames());
        assertEquals(List.of("red", "green", "blue", "yellow", "magenta", "cyan", "large", "light_background",
                "left_half", "top_half"), set.attributeNames());
        assertEquals(ShapesDataset.ATTRIBUTE_NAMES, set.attributeNames());
        assertEquals("large", set.attributeNames().get(ShapesDataset.ATTR_LARGE));
        assertEquals("light_background", set.attributeNames().get(ShapesDataset.ATTR_LIGHT_BACKGROUND));
        assertEquals("left_half", set.attributeNames().get(ShapesDataset.ATTR_LEFT_HALF));
        assertEquals("top_half", set.attributeNames().get(ShapesDataset.ATTR_TOP_HALF));
        for (int i = 0; i < N; i++) {
            assertTrue(set.label(i) >= 0 && set.label(i) < 5, "label of image " + i);
        }
    }

    @Test
    void sameSeedGivesIdenticalBytesAndDifferentSeedDiffers() {
        ImageSet again = ShapesDataset.generate(N, SEED);
        assertArrayEquals(set.pixels(), again.pixels());
        assertArrayEquals(set.labels(), again.labels());
        assertArrayEquals(attributes(set), attributes(again));
        assertArrayEquals(set.mean(), again.mean());
        assertArrayEquals(set.std(), again.std());

        ImageSet other = ShapesDataset.generate(N, SEED + 1);
        assertFalse(Arrays.equals(set.pixels(), other.pixels()));
        assertFalse(Arrays.equals(set.labels(), other.labels()));
        // Images differ one by one, not only somewhere.
        int identical = 0;
        for (int i = 0; i < 100; i++) {
            if (Arrays.equals(set.pixels(), i * 3072, (i + 1) * 3072, other.pixels(), i * 3072, (i + 1) * 3072)) {
                identical++;
            }
        }
        assertEquals(0, identical);
    }

    @Test
    void smallerCountIsPrefixAndImagesAreIndependentOfCount() {
        ImageSet small = ShapesDataset.generate(37, SEED);
        assertArrayEquals(Arrays.copyOf(set.pixels(), 37 * 3072), small.pixels());
        assertArrayEquals(Arrays.copyOf(set.labels(), 37), small.labels());
    }

    @Test
    void describeAndRenderReproduceGeneratedImages() {
        for (int i : new int[] {0, 1, 17, 999, N - 1}) {
            ShapeSpec spec = ShapesDataset.describe(SEED, i);
            byte[] image = ShapesDataset.render(spec);
            assertArrayEquals(Arrays.copyOfRange(set.pixels(), i * 3072, (i + 1) * 3072), image, "image " + i);
            assertEquals(ShapesDataset.KINDS.indexOf(spec.kind()), set.label(i));
            byte[] attrs = ShapesDataset.attributesOf(spec);
            for (int a = 0; a < attrs.length; a++) {
                assertEquals(attrs[a], set.attribute(i, a), "attribute " + a + " of image " + i);
            }
        }
    }

    @Test
    void trainAndTestSplitsUseTheDocumentedSeeds() {
        ImageSet train = ShapesDataset.train(50, 9);
        ImageSet test = ShapesDataset.test(50, 9);
        assertArrayEquals(ShapesDataset.generate(50, 9).pixels(), train.pixels());
        assertArrayEquals(ShapesDataset.generate(50, 9 + ShapesDataset.TEST_SEED_OFFSET).pixels(), test.pixels());
        assertFalse(Arrays.equals(train.pixels(), test.pixels()));
    }

    @Test
    void everyClassAndEveryAttributeValueOccurs() {
        int[] perClass = new int[5];
        for (int i = 0; i < N; i++) {
            perClass[set.label(i)]++;
        }
        for (int k = 0; k < 5; k++) {
            // Uniform classes: expected 400, binomial std about 18.
            assertTrue(perClass[k] > 300 && perClass[k] < 500, "class " + k + " count " + perClass[k]);
        }
        int attrs = set.attributeNames().size();
        for (int a = 0; a < attrs; a++) {
            int ones = 0;
            for (int i = 0; i < N; i++) {
                int v = set.attribute(i, a);
                assertTrue(v == 0 || v == 1);
                ones += v;
            }
            assertTrue(ones > 0 && ones < N, "attribute " + set.attributeNames().get(a) + " has " + ones + " ones");
        }
        for (int i = 0; i < N; i++) {
            int colours = 0;
            for (int a = 0; a < ShapesDataset.PALETTE.size(); a++) {
                colours += set.attribute(i, a);
            }
            assertEquals(1, colours, "exactly one colour attribute for image " + i);
        }
    }

    private static int dist2(int[] a, int[] b) {
        int d = 0;
        for (int c = 0; c < 3; c++) {
            d += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return d;
    }

    private static int[] rgb(ImageSet s, int i, int y, int x) {
        return new int[] {s.pixel(i, 0, y, x), s.pixel(i, 1, y, x), s.pixel(i, 2, y, x)};
    }

    private static int[] nominal(ShapeColor c) {
        return new int[] {c.red(), c.green(), c.blue()};
    }

    /**
     * Checks every attribute and the class against the pixels alone, without the generator's description:
     * the shape is the set of pixels nearer to the attribute's palette colour than to the corner (background)
     * colour.
     */
    @Test
    void attributesAndLabelsAgreeWithThePixels() {
        int colourCount = ShapesDataset.PALETTE.size();
        for (int i = 0; i < N; i++) {
            int colourIndex = -1;
            for (int a = 0; a < colourCount; a++) {
                if (set.attribute(i, a) == 1) {
                    colourIndex = a;
                }
            }
            int[] fg = nominal(ShapesDataset.PALETTE.get(colourIndex));
            int[] corner = rgb(set, i, 0, 0);
            double cornerBrightness = 0;
            for (int[] p : new int[][] {corner, rgb(set, i, 0, 31), rgb(set, i, 31, 0), rgb(set, i, 31, 31)}) {
                cornerBrightness += (p[0] + p[1] + p[2]) / 12.0;
            }
            assertEquals(set.attribute(i, ShapesDataset.ATTR_LIGHT_BACKGROUND) == 1, cornerBrightness > 128,
                    "light_background of image " + i + " (corner brightness " + cornerBrightness + ")");

            int minX = 99;
            int maxX = -1;
            int minY = 99;
            int maxY = -1;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int[] p = rgb(set, i, y, x);
                    if (dist2(p, fg) < dist2(p, corner)) {
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            assertTrue(maxX >= 0, "image " + i + " shows no pixel of its colour");
            assertTrue(minX >= 1 && minY >= 1 && maxX <= 30 && maxY <= 30, "shape of image " + i + " touches the border");
            double centreX = (minX + maxX + 1) / 2.0;
            double centreY = (minY + maxY + 1) / 2.0;
            assertEquals(set.attribute(i, ShapesDataset.ATTR_LEFT_HALF) == 1, centreX < 16,
                    "left_half of image " + i + " (box centre x " + centreX + ")");
            assertEquals(set.attribute(i, ShapesDataset.ATTR_TOP_HALF) == 1, centreY < 16,
                    "top_half of image " + i + " (box centre y " + centreY + ")");
            int extent = Math.max(maxX - minX + 1, maxY - minY + 1);
            assertEquals(set.attribute(i, ShapesDataset.ATTR_LARGE) == 1, extent >= 16,
                    "large of image " + i + " (extent " + extent + ")");

            // The pixel at the box centre is the fill colour for filled shapes, the background for rings.
            int[] middle = rgb(set, i, (int) Math.floor(centreY), (int) Math.floor(centreX));
            int nearest = -1;
            int best = Integer.MAX_VALUE;
            for (int a = 0; a < colourCount; a++) {
                int d = dist2(middle, nominal(ShapesDataset.PALETTE.get(a)));
                if (d < best) {
                    best = d;
                    nearest = a;
                }
            }
            boolean ring = set.label(i) == ShapesDataset.KINDS.indexOf(ShapeKind.RING);
            if (ring) {
                assertTrue(dist2(middle, corner) < dist2(middle, fg), "ring centre of image " + i + " is not background");
            } else {
                assertEquals(colourIndex, nearest, "centre colour of image " + i);
                assertTrue(best <= 3 * ShapesDataset.COLOR_JITTER * ShapesDataset.COLOR_JITTER,
                        "centre of image " + i + " is " + Arrays.toString(middle));
            }
        }
    }

    /** Checks the renderer against its description: exact fill at the centre, background far from the shape. */
    @Test
    void renderingMatchesDescription() {
        for (int i = 0; i < 300; i++) {
            ShapeSpec spec = ShapesDataset.describe(SEED, i);
            ShapeBackground bg = spec.background();
            int cx = (int) Math.floor(spec.centerX());
            int cy = (int) Math.floor(spec.centerY());
            int[] centre = rgb(set, i, cy, cx);
            int[] fill = {spec.red(), spec.green(), spec.blue()};
            if (spec.kind().centreFilled()) {
                assertArrayEquals(fill, centre, "centre of image " + i + " " + spec.kind());
            } else {
                assertTrue(dist2(centre, fill) > 100 * 100, "ring centre of image " + i);
            }
            double tolerance = bg.gradientAmplitude() * Math.sqrt(2) + bg.noiseAmplitude() + 1;
            int checked = 0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean outside = x + 1 < spec.centerX() - spec.radius() || x > spec.centerX() + spec.radius()
                            || y + 1 < spec.centerY() - spec.radius() || y > spec.centerY() + spec.radius();
                    if (outside) {
                        checked++;
                        for (int c = 0; c < 3; c++) {
                            assertTrue(Math.abs(set.pixel(i, c, y, x) - bg.channel(c)) <= tolerance,
                                    "background of image " + i + " at " + x + "," + y);
                        }
                    }
                }
            }
            assertTrue(checked > 0);
            // Fill colour within the documented jitter of the nominal palette colour.
            for (int c = 0; c < 3; c++) {
                assertTrue(Math.abs(spec.channel(c) - spec.color().channel(c)) <= ShapesDataset.COLOR_JITTER);
            }
            assertTrue(spec.large()
                    ? spec.radius() >= ShapesDataset.LARGE_RADIUS_MIN && spec.radius() < ShapesDataset.LARGE_RADIUS_MAX
                    : spec.radius() >= ShapesDataset.SMALL_RADIUS_MIN && spec.radius() < ShapesDataset.SMALL_RADIUS_MAX);
        }
    }

    @Test
    void edgesAreAntiAliased() {
        // Some pixels of large shapes lie strictly between fill and background on the fill-background line.
        int blended = 0;
        for (int i = 0; i < 50; i++) {
            ShapeSpec spec = ShapesDataset.describe(SEED, i);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int[] p = rgb(set, i, y, x);
                    int[] fill = {spec.red(), spec.green(), spec.blue()};
                    int[] base = {spec.background().red(), spec.background().green(), spec.background().blue()};
                    double d = Math.sqrt(dist2(fill, base));
                    double toFill = Math.sqrt(dist2(p, fill));
                    if (toFill > 0.25 * d && toFill < 0.75 * d && Math.sqrt(dist2(p, base)) < 0.8 * d) {
                        blended++;
                    }
                }
            }
        }
        assertTrue(blended > 200, "only " + blended + " blended edge pixels");
    }

    @Test
    void meanAndStdMatchIndependentTwoPassComputation() {
        float[] mean = set.mean();
        float[] std = set.std();
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int i = 0; i < N; i++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        sum += set.pixel(i, c, y, x) / 255.0;
                    }
                }
            }
            double m = sum / (N * 1024.0);
            double sq = 0;
            for (int i = 0; i < N; i++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        double d = set.pixel(i, c, y, x) / 255.0 - m;
                        sq += d * d;
                    }
                }
            }
            double s = Math.sqrt(sq / (N * 1024.0));
            assertEquals(m, mean[c], 1e-6, "mean of channel " + c);
            assertEquals(s, std[c], 1e-6, "std of channel " + c);
            // Half dark, half light backgrounds: mean near 0.5, large spread.
            assertTrue(m > 0.4 && m < 0.6, "mean " + m);
            assertTrue(s > 0.25 && s < 0.45, "std " + s);
        }
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShapesDataset.generate(0, 1));
        assertTrue(e.getMessage().contains("count"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShapesDataset.generate(-5, 1));
        assertThrows(IllegalArgumentException.class, () -> ShapesDataset.describe(1, -1));
        assertThrows(IllegalArgumentException.class,
                () -> ShapesDataset.generateOutOfDistribution(0, 1, OodKind.NOISE));
        assertThrows(NullPointerException.class, () -> ShapesDataset.generateOutOfDistribution(5, 1, null));
    }

    @Test
    void shapeContainmentOfKnownPoints() {
        ShapeBackground bg = new ShapeBackground(false, 20, 20, 20, 0, 0, 0, 1);
        ShapeSpec circle = new ShapeSpec(ShapeKind.CIRCLE, ShapeColor.RED, 200, 0, 0, 16, 16, 10, true, bg);
        assertTrue(circle.contains(16, 16));
        assertTrue(circle.contains(16 + 7, 16 + 7)); // distance 9.9
        assertFalse(circle.contains(16 + 7.1, 16 + 7.1)); // distance 10.04
        ShapeSpec square = new ShapeSpec(ShapeKind.SQUARE, ShapeColor.RED, 200, 0, 0, 16, 16, 10, true, bg);
        assertTrue(square.contains(16 + 7.9, 16 - 7.9));
        assertFalse(square.contains(16 + 8.1, 16));
        ShapeSpec triangle = new ShapeSpec(ShapeKind.TRIANGLE, ShapeColor.RED, 200, 0, 0, 16, 16, 10, true, bg);
        assertTrue(triangle.contains(16, 6.5));     // just below the apex
        assertFalse(triangle.contains(18, 7));      // beside the apex
        assertTrue(triangle.contains(25.5, 25.5));   // near a base corner
        assertFalse(triangle.contains(16, 26.5));   // below the base
        ShapeSpec plus = new ShapeSpec(ShapeKind.PLUS, ShapeColor.RED, 200, 0, 0, 16, 16, 10, true, bg);
        assertTrue(plus.contains(25, 17));
        assertFalse(plus.contains(22, 22));
        ShapeSpec ring = new ShapeSpec(ShapeKind.RING, ShapeColor.RED, 200, 0, 0, 16, 16, 10, true, bg);
        assertFalse(ring.contains(16, 16));
        assertTrue(ring.contains(24, 16));
        assertFalse(ring.contains(20, 16));
        ShapeSpec star = new ShapeSpec(ShapeKind.STAR, ShapeColor.RED, 200, 0, 0, 16, 16, 10, false, bg);
        assertTrue(star.contains(16, 16));
        assertTrue(star.contains(16, 7));           // upper point
        assertFalse(star.contains(20, 8));          // between two points
        ShapeSpec hexagon = new ShapeSpec(ShapeKind.HEXAGON, ShapeColor.RED, 200, 0, 0, 16, 16, 10, true, bg);
        assertTrue(hexagon.contains(25.5, 16));
        assertFalse(hexagon.contains(16, 16 + 8.8)); // flat bottom at 8.66
        assertFalse(hexagon.contains(24, 23));       // cut corner
    }

    @Test
    void recordsRejectInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> new ShapeBackground(true, 256, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ShapeBackground(true, 0, 0, 0, -1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ShapeBackground(true, 0, 0, 0, 0, 0, -1, 0));
        ShapeBackground bg = new ShapeBackground(false, 20, 20, 20, 0, 0, 0, 1);
        assertThrows(IllegalArgumentException.class,
                () -> new ShapeSpec(ShapeKind.CIRCLE, ShapeColor.RED, 0, 0, 0, 16, 16, 0, true, bg));
        assertThrows(IllegalArgumentException.class,
                () -> new ShapeSpec(ShapeKind.CIRCLE, ShapeColor.RED, -1, 0, 0, 16, 16, 5, true, bg));
    }

    @Test
    void noiseOutOfDistribution() {
        ImageSet noise = ShapesDataset.generateOutOfDistribution(200, 3, OodKind.NOISE);
        assertEquals("shapes-ood-noise", noise.name());
        assertEquals(List.of("noise"), noise.classNames());
        assertEquals(List.of(), noise.attributeNames());
        assertEquals(200, noise.count());
        float[] mean = noise.mean();
        float[] std = noise.std();
        double uniformStd = Math.sqrt((256.0 * 256.0 - 1) / 12.0) / 255.0;
        for (int c = 0; c < 3; c++) {
            assertEquals(0.5, mean[c], 0.01);
            assertEquals(uniformStd, std[c], 0.01);
        }
        assertArrayEquals(noise.pixels(), ShapesDataset.generateOutOfDistribution(200, 3, OodKind.NOISE).pixels());
        assertFalse(Arrays.equals(noise.pixels(), ShapesDataset.generateOutOfDistribution(200, 4, OodKind.NOISE).pixels()));
    }

    @Test
    void unseenShapesOutOfDistribution() {
        ImageSet ood = ShapesDataset.generateOutOfDistribution(300, 3, OodKind.UNSEEN_SHAPES);
        assertEquals(List.of("star", "hexagon"), ood.classNames());
        assertEquals(ShapesDataset.ATTRIBUTE_NAMES, ood.attributeNames());
        int stars = 0;
        for (int i = 0; i < ood.count(); i++) {
            stars += ood.label(i) == 0 ? 1 : 0;
        }
        assertTrue(stars > 100 && stars < 200, "stars " + stars);
        assertArrayEquals(ood.pixels(), ShapesDataset.generateOutOfDistribution(300, 3, OodKind.UNSEEN_SHAPES).pixels());
        ImageSet inDistribution = ShapesDataset.generate(300, 3);
        assertFalse(Arrays.equals(ood.pixels(), inDistribution.pixels()));
        // Exactly one palette colour per image, and the image shows many pixels of that colour.
        for (int i = 0; i < ood.count(); i++) {
            int colour = -1;
            int colours = 0;
            for (int a = 0; a < 6; a++) {
                if (ood.attribute(i, a) == 1) {
                    colour = a;
                    colours++;
                }
            }
            assertEquals(1, colours);
            int[] fg = nominal(ShapesDataset.PALETTE.get(colour));
            int near = 0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    near += dist2(rgb(ood, i, y, x), fg) < 25 * 25 ? 1 : 0;
                }
            }
            assertTrue(near >= 15, "image " + i + ": " + near + " pixels of its colour");
        }
    }

    @Test
    void unseenColoursOutOfDistribution() {
        ImageSet ood = ShapesDataset.generateOutOfDistribution(300, 3, OodKind.UNSEEN_COLORS);
        assertEquals(ShapesDataset.CLASS_NAMES, ood.classNames());
        assertEquals(List.of("large", "light_background", "left_half", "top_half"), ood.attributeNames());
        int[] perClass = new int[5];
        for (int i = 0; i < ood.count(); i++) {
            perClass[ood.label(i)]++;
            // Many pixels near one of the unseen colours, (almost) none near a training colour.
            int nearUnseen = 0;
            int nearPalette = 0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int[] p = rgb(ood, i, y, x);
                    for (ShapeColor c : ShapesDataset.UNSEEN_COLORS) {
                        nearUnseen += dist2(p, nominal(c)) < 25 * 25 ? 1 : 0;
                    }
                    for (ShapeColor c : ShapesDataset.PALETTE) {
                        nearPalette += dist2(p, nominal(c)) < 40 * 40 ? 1 : 0;
                    }
                }
            }
            assertTrue(nearUnseen >= 10, "image " + i + ": " + nearUnseen + " pixels of an unseen colour");
            assertEquals(0, nearPalette, "image " + i + ": pixels near a training colour");
        }
        for (int k = 0; k < 5; k++) {
            assertTrue(perClass[k] > 0);
        }
    }
}
