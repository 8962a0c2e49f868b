package clel.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AugmenterTest {

    @ParameterizedTest
    @EnumSource(AugmentationKind.class)
    void preservesShapeTypeManagerAndRange(AugmentationKind kind) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(21);
            for (int channels : new int[] {3, 1}) {
                NDArray x = TestImages.random(manager, 22, 32, channels, 32, 32);
                float[] before = x.toFloatArray();
                NDArray y = Augmenter.of(kind).apply(x);
                assertNotSame(x, y);
                assertSame(manager, y.getManager());
                assertSame(manager, x.getManager(), "input returned to its manager");
                assertEquals(new Shape(32, channels, 32, 32), y.getShape());
                assertEquals(DataType.FLOAT32, y.getDataType());
                float[] v = y.toFloatArray();
                for (float f : v) {
                    assertTrue(f >= 0f && f <= 1f, "value " + f + " out of [0, 1]");
                }
                assertArrayEquals(before, x.toFloatArray(), 0f, "input must not change");
                if (kind == AugmentationKind.NONE) {
                    assertArrayEquals(before, v, 0f);
                } else {
                    assertTrue(TestImages.maxAbsDifference(before, v) > 0.1, kind + " changed nothing");
                }
            }
        }
    }

    @Test
    void identityParametersReturnTheInput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 23, 2, 3, 32, 32);
            StrongParameters p = new StrongParameters(List.of(CropBox.full(32, 32), CropBox.full(32, 32)),
                    new boolean[2], ColorJitterParameters.identity(2), new boolean[2]);
            TestImages.assertClose(x.toFloatArray(), Augmenter.applyStrong(x, p).toFloatArray(), 1e-5, "strong");
            WeakParameters w = new WeakParameters(4, new int[] {4, 4}, new int[] {4, 4}, new boolean[2]);
            TestImages.assertExactlyEqual(x, Augmenter.applyWeak(x, w), "weak");
        }
    }

    @Test
    void strongWithGivenParametersComposesTheIndividualTransforms() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 24, 2, 3, 16, 16);
            List<CropBox> boxes = List.of(new CropBox(2, 3, 9, 10), new CropBox(0, 5, 16, 11));
            boolean[] flip = {true, false};
            List<JitterOp> order = List.of(JitterOp.SATURATION, JitterOp.HUE, JitterOp.BRIGHTNESS, JitterOp.CONTRAST);
            ColorJitterParameters jitter = new ColorJitterParameters(new float[] {1.2f, 0.7f},
                    new float[] {0.8f, 1.3f}, new float[] {0.65f, 1.1f}, new float[] {-0.05f, 0.09f},
                    List.of(order, order));
            boolean[] gray = {false, true};
            float[] actual = Augmenter.applyStrong(x, new StrongParameters(boxes, flip, jitter, gray)).toFloatArray();

            NDArray e = GeometricTransforms.resizedCrop(x, boxes);
            e = GeometricTransforms.flipHorizontal(e, flip);
            e = ColorTransforms.colorJitter(e, jitter);
            e = ColorTransforms.grayscale(e, gray);
            TestImages.assertClose(e.toFloatArray(), actual, 1e-5, "composition");
        }
    }

    @Test
    void decodesStrongParametersFromUniforms() {
        Augmenter augmenter = Augmenter.of(AugmentationKind.STRONG);
        float[] u = new float[Augmenter.STRONG_UNIFORMS_PER_IMAGE];
        int o = ResizedCropSampler.UNIFORMS_PER_IMAGE;
        u[o] = 0.3f;        // flip: 0.3 < 0.5
        u[o + 1] = 0.5f;    // jitter: 0.5 < 0.8
        u[o + 2] = 0.25f;   // brightness 0.6 + 0.8 * 0.25 = 0.8
        u[o + 3] = 1f;      // contrast 1.4
        u[o + 4] = 0f;      // saturation 0.6
        u[o + 5] = 0.75f;   // hue 0.1 * (2 * 0.75 - 1) = 0.05
        u[o + 6] = 0.9f;    // order keys: brightness 0.9, contrast 0.1, saturation 0.5, hue 0.3
        u[o + 7] = 0.1f;
        u[o + 8] = 0.5f;
        u[o + 9] = 0.3f;
        u[o + 10] = 0.25f;  // grayscale: 0.25 >= 0.2, no
        StrongParameters p = augmenter.strongFromUniforms(u, 1, 32, 32);
        assertEquals(new CropBox(0, 0, 10, 8), p.boxes().get(0));
        assertTrue(p.flip()[0]);
        assertEquals(0.8f, p.jitter().brightness()[0], 1e-6f);
        assertEquals(1.4f, p.jitter().contrast()[0], 1e-6f);
        assertEquals(0.6f, p.jitter().saturation()[0], 1e-6f);
        assertEquals(0.05f, p.jitter().hue()[0], 1e-6f);
        assertEquals(List.of(JitterOp.CONTRAST, JitterOp.HUE, JitterOp.SATURATION, JitterOp.BRIGHTNESS),
                p.jitter().order().get(0));
        assertFalse(p.grayscale()[0]);

        u[o] = 0.5f;        // no flip
        u[o + 1] = 0.8f;    // no jitter: identity factors
        u[o + 10] = 0.1f;   // grayscale
        StrongParameters q = augmenter.strongFromUniforms(u, 1, 32, 32);
        assertFalse(q.flip()[0]);
        assertEquals(1f, q.jitter().brightness()[0], 0f);
        assertEquals(1f, q.jitter().contrast()[0], 0f);
        assertEquals(1f, q.jitter().saturation()[0], 0f);
        assertEquals(0f, q.jitter().hue()[0], 0f);
        assertTrue(q.grayscale()[0]);
    }

    @Test
    void korniaSemanticsShareImageZerosOrderAndCapBrightness() {
        Augmenter kornia = Augmenter.builder(AugmentationKind.STRONG).colorJitter(ColorJitterKind.KORNIA_0_6)
                .brightness(1.5).build();
        Augmenter torchvision = Augmenter.builder(AugmentationKind.STRONG).brightness(1.5).build();
        int n = Augmenter.STRONG_UNIFORMS_PER_IMAGE;
        int o = ResizedCropSampler.UNIFORMS_PER_IMAGE;
        float[] u = new float[2 * n];
        for (int b = 0; b < 2; b++) {
            u[b * n + o + 1] = 0.5f;    // jitter both
            u[b * n + o + 2] = 1f;      // brightness at the top of its range
            u[b * n + o + 10] = 0.5f;   // no grayscale
        }
        float[] keys0 = {0.9f, 0.1f, 0.5f, 0.3f};   // contrast, hue, saturation, brightness
        float[] keys1 = {0.1f, 0.2f, 0.3f, 0.4f};   // brightness, contrast, saturation, hue
        System.arraycopy(keys0, 0, u, o + 6, 4);
        System.arraycopy(keys1, 0, u, n + o + 6, 4);
        List<JitterOp> first = List.of(JitterOp.CONTRAST, JitterOp.HUE, JitterOp.SATURATION, JitterOp.BRIGHTNESS);
        List<JitterOp> second = List.of(JitterOp.BRIGHTNESS, JitterOp.CONTRAST, JitterOp.SATURATION, JitterOp.HUE);

        StrongParameters k = kornia.strongFromUniforms(u, 2, 32, 32);
        assertEquals(List.of(first, first), k.jitter().order(), "kornia: image 0's order for the batch");
        // kornia bounds brightness factors to [0, 2]: U[0, min(2, 2.5)] at u = 1 gives 2
        assertEquals(2f, k.jitter().brightness()[0], 0f);
        StrongParameters t = torchvision.strongFromUniforms(u, 2, 32, 32);
        assertEquals(List.of(first, second), t.jitter().order(), "torchvision: an order per image");
        assertEquals(2.5f, t.jitter().brightness()[0], 0f);
        // everything else decodes identically
        assertEquals(t.boxes(), k.boxes());
        assertArrayEquals(t.jitter().contrast(), k.jitter().contrast(), 0f);
        assertArrayEquals(t.jitter().hue(), k.jitter().hue(), 0f);
        assertEquals(ColorJitterKind.KORNIA_0_6, kornia.colorJitter());
        assertEquals(ColorJitterKind.TORCHVISION, Augmenter.of(AugmentationKind.STRONG).colorJitter());
    }

    @Test
    void sampledKorniaOrdersAreSharedByTheBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(35);
            Augmenter kornia = Augmenter.builder(AugmentationKind.STRONG).colorJitter(ColorJitterKind.KORNIA_0_6).build();
            StrongParameters k = kornia.sampleStrong(manager, 64, 32, 32);
            assertEquals(1, new HashSet<>(k.jitter().order()).size());
            StrongParameters t = Augmenter.of(AugmentationKind.STRONG).sampleStrong(manager, 64, 32, 32);
            assertTrue(new HashSet<>(t.jitter().order()).size() > 1);
        }
    }

    @Test
    void korniaStrongComposesCropJitterAndGrayscale() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 36, 2, 3, 16, 16);
            List<CropBox> boxes = List.of(new CropBox(1, 2, 12, 9), new CropBox(0, 0, 16, 16));
            boolean[] flip = {false, true};
            List<JitterOp> order = List.of(JitterOp.HUE, JitterOp.BRIGHTNESS, JitterOp.SATURATION, JitterOp.CONTRAST);
            ColorJitterParameters jitter = new ColorJitterParameters(new float[] {1.25f, 0.75f},
                    new float[] {0.9f, 1.2f}, new float[] {1.3f, 0.7f}, new float[] {0.06f, -0.04f},
                    List.of(order, order));
            boolean[] gray = {true, false};
            StrongParameters p = new StrongParameters(boxes, flip, jitter, gray);
            float[] actual = Augmenter.applyStrong(x, p, ColorJitterKind.KORNIA_0_6).toFloatArray();

            NDArray e = GeometricTransforms.resizedCrop(x, boxes);
            e = GeometricTransforms.flipHorizontal(e, flip);
            e = KorniaColorTransforms.colorJitter(e, jitter);
            e = ColorTransforms.grayscale(e, gray);
            TestImages.assertClose(e.toFloatArray(), actual, 1e-6, "composition");
            float[] torchvision = Augmenter.applyStrong(x, p).toFloatArray();
            assertTrue(TestImages.maxAbsDifference(torchvision, actual) > 0.01, "the kind is used");
        }
    }

    @Test
    void korniaAugmenterKeepsShapeAndRange() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(37);
            Augmenter kornia = Augmenter.builder(AugmentationKind.STRONG).colorJitter(ColorJitterKind.KORNIA_0_6).build();
            for (int channels : new int[] {3, 1}) {
                NDArray x = TestImages.random(manager, 38, 32, channels, 32, 32);
                NDArray y = kornia.apply(x);
                assertSame(manager, y.getManager());
                assertEquals(new Shape(32, channels, 32, 32), y.getShape());
                float[] v = y.toFloatArray();
                for (float f : v) {
                    assertTrue(f >= 0f && f <= 1f, "value " + f + " out of [0, 1]");
                }
                assertTrue(TestImages.maxAbsDifference(x.toFloatArray(), v) > 0.1);
            }
        }
    }

    @Test
    void weakSamplingStaysInsideThePaddedImage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(25);
            WeakParameters p = Augmenter.of(AugmentationKind.WEAK).sampleWeak(manager, 4000);
            Set<Integer> offsets = new HashSet<>();
            int flips = 0;
            for (int b = 0; b < p.batch(); b++) {
                assertTrue(p.tops()[b] >= 0 && p.tops()[b] <= 8 && p.lefts()[b] >= 0 && p.lefts()[b] <= 8);
                offsets.add(p.tops()[b] * 9 + p.lefts()[b]);
                flips += p.flip()[b] ? 1 : 0;
            }
            assertEquals(81, offsets.size(), "every offset pair occurs");
            assertTrue(flips > 1800 && flips < 2200, flips + " flips of 4000");
        }
    }

    @Test
    void sameSeedSameOutputDifferentSeedDifferentOutput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 26, 8, 3, 32, 32);
            for (AugmentationKind kind : List.of(AugmentationKind.STRONG, AugmentationKind.WEAK)) {
                Augmenter augmenter = Augmenter.of(kind);
                Engine.getInstance().setRandomSeed(1234);
                float[] first = augmenter.apply(x).toFloatArray();
                Engine.getInstance().setRandomSeed(1234);
                float[] second = augmenter.apply(x).toFloatArray();
                Engine.getInstance().setRandomSeed(4321);
                float[] third = augmenter.apply(x).toFloatArray();
                assertArrayEquals(first, second, 0f, kind + ": same seed");
                assertTrue(TestImages.maxAbsDifference(first, third) > 0.01, kind + ": different seed");
            }
        }
    }

    @Test
    void identicalImagesInOneBatchAreAugmentedIndependently() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(27);
            NDArray two = TestImages.repeated(manager, 28, 2, 3, 32, 32);
            float[] strong = Augmenter.of(AugmentationKind.STRONG).apply(two).toFloatArray();
            assertTrue(TestImages.maxAbsDifference(TestImages.image(strong, 0, 3, 32, 32),
                    TestImages.image(strong, 1, 3, 32, 32)) > 0.01, "strong views of one image coincide");

            // weak: 162 equally likely outcomes per image, so use 16 copies
            NDArray many = TestImages.repeated(manager, 29, 16, 3, 32, 32);
            float[] weak = Augmenter.of(AugmentationKind.WEAK).apply(many).toFloatArray();
            Set<String> distinct = new HashSet<>();
            for (int b = 0; b < 16; b++) {
                distinct.add(Arrays.toString(TestImages.image(weak, b, 3, 32, 32)));
            }
            assertTrue(distinct.size() > 1, "all 16 weak views identical");
        }
    }

    @Test
    void repeatedStrongApplicationsLeaveNoResourcesBehind() throws Exception {
        try (NDManager root = NDManager.newBaseManager()) {
            NDManager owner = root.newSubManager();
            NDArray x = TestImages.random(owner, 30, 4, 3, 16, 16);
            Augmenter augmenter = Augmenter.of(AugmentationKind.STRONG);
            augmenter.apply(x).close();
            int ownerResources = resourceCount(owner);
            int rootResources = resourceCount(root);
            int ownerArrays = ((BaseNDManager) owner).getManagedArrays().size();
            for (int i = 0; i < 200; i++) {
                NDArray y = augmenter.apply(x);
                assertSame(owner, y.getManager());
                y.close();
            }
            assertSame(owner, x.getManager());
            assertEquals(ownerResources, resourceCount(owner), "resources attached to the input's manager");
            assertEquals(rootResources, resourceCount(root), "resources attached to its parent");
            assertEquals(ownerArrays, ((BaseNDManager) owner).getManagedArrays().size());
            // the check sees a leak: an op result left open in the input's manager is counted
            NDArray leaked = x.add(1f);
            assertEquals(ownerResources + 1, resourceCount(owner));
            leaked.close();
        }
    }

    /** Number of resources (arrays and sub-managers) directly attached to a manager. */
    private static int resourceCount(NDManager manager) throws ReflectiveOperationException {
        Field field = BaseNDManager.class.getDeclaredField("resources");
        field.setAccessible(true);
        return ((Map<?, ?>) field.get(manager)).size();
    }

    @Test
    void builderOverridesAndValidatesKnobs() {
        Augmenter custom = Augmenter.builder(AugmentationKind.STRONG).cropScale(0.2, 0.9).cropRatio(0.5, 2)
                .flipProbability(0).jitterProbability(1).brightness(0.8).contrast(0).saturation(0.1).hue(0.5)
                .grayscaleProbability(0).padding(2).build();
        assertEquals(new ResizedCropSampler(0.2, 0.9, 0.5, 2), custom.cropSampler());
        assertEquals(0.8, custom.brightness());
        assertEquals(2, custom.padding());
        Augmenter defaults = Augmenter.of(AugmentationKind.STRONG);
        assertEquals(ResizedCropSampler.simclr(), defaults.cropSampler());
        assertEquals(0.5, defaults.flipProbability());
        assertEquals(0.8, defaults.jitterProbability());
        assertEquals(0.1, defaults.hue());
        assertEquals(0.2, defaults.grayscaleProbability());
        assertEquals(4, defaults.padding());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Augmenter.builder(AugmentationKind.WEAK).flipProbability(1.5).build());
        assertEquals("augmenter: flip probability must be in [0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmenter.builder(AugmentationKind.STRONG).hue(0.6).build());
        assertThrows(IllegalArgumentException.class, () -> Augmenter.builder(AugmentationKind.WEAK).padding(-1).build());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray small = manager.zeros(new Shape(1, 3, 4, 4));
            assertThrows(IllegalArgumentException.class, () -> Augmenter.of(AugmentationKind.WEAK).apply(small));
            NDArray ints = manager.zeros(new Shape(1, 3, 8, 8), DataType.INT32);
            assertThrows(IllegalArgumentException.class, () -> Augmenter.of(AugmentationKind.STRONG).apply(ints));
        }
    }
}
