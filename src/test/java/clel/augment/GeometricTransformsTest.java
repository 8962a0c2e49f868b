package clel.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeometricTransformsTest {

    @Test
    void flippingTwiceWithTheSameMaskIsExactlyTheIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 1, 4, 3, 5, 7);
            boolean[] mask = {true, false, true, true};
            NDArray once = GeometricTransforms.flipHorizontal(x, mask);
            NDArray twice = GeometricTransforms.flipHorizontal(once, mask);
            assertSame(manager, twice.getManager());
            assertNotSame(x, twice);
            TestImages.assertExactlyEqual(x, twice, "flip twice");
        }
    }

    @Test
    void flipReversesColumnsOfSelectedImagesOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int b = 2;
            int c = 3;
            int h = 2;
            int w = 3;
            float[] pixels = TestImages.randomPixels(2, b * c * h * w);
            NDArray x = manager.create(pixels, new Shape(b, c, h, w));
            float[] flipped = GeometricTransforms.flipHorizontal(x, new boolean[] {false, true}).toFloatArray();
            float[] expected = pixels.clone();
            int base = c * h * w;
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int col = 0; col < w; col++) {
                        expected[base + (ch * h + y) * w + col] = pixels[base + (ch * h + y) * w + (w - 1 - col)];
                    }
                }
            }
            assertArrayEquals(expected, flipped, 0f);
        }
    }

    @Test
    void reflectIndexIsTorchReflectPadding() {
        assertEquals(1, GeometricTransforms.reflect(-1, 5));
        assertEquals(4, GeometricTransforms.reflect(-4, 32));
        assertEquals(3, GeometricTransforms.reflect(5, 5));
        assertEquals(27, GeometricTransforms.reflect(35, 32));
        assertEquals(7, GeometricTransforms.reflect(7, 32));
    }

    @Test
    void cubicKernelHasTheKeysValues() {
        assertEquals(1.0, GeometricTransforms.cubic(0), 0);
        assertEquals(0.0, GeometricTransforms.cubic(1), 0);
        assertEquals(0.0, GeometricTransforms.cubic(2), 0);
        // A = -0.5: ((A+2)t - (A+3)) t^2 + 1 at t = 0.5: (0.75 - 2.5) / 4 + 1 = 0.5625
        assertEquals(0.5625, GeometricTransforms.cubic(0.5), 1e-12);
        // A (t^3 - 5t^2 + 8t - 4) at t = 1.5: -0.5 * (3.375 - 11.25 + 12 - 4) = -0.0625
        assertEquals(-0.0625, GeometricTransforms.cubic(-1.5), 1e-12);
    }

    @Test
    void bicubicMatrixMatchesHandComputedWeights() {
        // full segment, same size: the identity
        float[] identity = GeometricTransforms.bicubicMatrix(4, 0, 4, 4);
        for (int o = 0; o < 4; o++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(o == i ? 1f : 0f, identity[o * 4 + i], 0f);
            }
        }
        // segment [1, 3) of 5 pixels upscaled to 4: output 0 has centre 0.25 in the segment, taps at
        // segment pixels 0 and 1 (distances 0.25 and 0.75 from the centre minus 0.5 shift), cubic(0.25) =
        // 0.8671875, cubic(1.25) = -0.0703125, renormalized by their sum 0.796875.
        float[] m = GeometricTransforms.bicubicMatrix(5, 1, 2, 4);
        assertEquals(0f, m[0], 0f);
        assertEquals(0.8671875 / 0.796875, m[1], 1e-6);
        assertEquals(-0.0703125 / 0.796875, m[2], 1e-6);
        assertEquals(0f, m[3], 0f);
        assertEquals(0f, m[4], 0f);
        // every row sums to 1
        float[] big = GeometricTransforms.bicubicMatrix(32, 5, 11, 32);
        for (int o = 0; o < 32; o++) {
            double sum = 0;
            for (int i = 0; i < 32; i++) {
                sum += big[o * 32 + i];
                if (i < 5 || i >= 16) {
                    assertEquals(0f, big[o * 32 + i], 0f, "outside the crop");
                }
            }
            assertEquals(1.0, sum, 1e-6);
        }
    }

    @Test
    void fullImageCropWithoutFlipReturnsTheInput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 3, 3, 3, 32, 32);
            List<CropBox> boxes = List.of(CropBox.full(32, 32), CropBox.full(32, 32), CropBox.full(32, 32));
            NDArray y = GeometricTransforms.resizedCrop(x, boxes);
            assertSame(manager, y.getManager());
            TestImages.assertClose(x.toFloatArray(), y.toFloatArray(), 1e-5, "full crop");
        }
    }

    @Test
    void resizedCropIsTheSeparableProductOfThePerImageMatrices() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int c = 3;
            int h = 6;
            int w = 5;
            float[] pixels = TestImages.randomPixels(4, 2 * c * h * w);
            NDArray x = manager.create(pixels, new Shape(2, c, h, w));
            List<CropBox> boxes = List.of(new CropBox(1, 2, 3, 2), new CropBox(0, 0, 6, 4));
            boolean[] flip = {false, true};
            float[] actual = GeometricTransforms.resizedCrop(x, boxes, flip).toFloatArray();
            for (int b = 0; b < 2; b++) {
                CropBox box = boxes.get(b);
                float[] rows = GeometricTransforms.bicubicMatrix(h, box.top(), box.height(), h);
                float[] cols = GeometricTransforms.bicubicMatrix(w, box.left(), box.width(), w);
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int xo = 0; xo < w; xo++) {
                            int source = flip[b] ? w - 1 - xo : xo;
                            double v = 0;
                            for (int i = 0; i < h; i++) {
                                for (int j = 0; j < w; j++) {
                                    v += rows[y * h + i] * pixels[((b * c + ch) * h + i) * w + j] * cols[source * w + j];
                                }
                            }
                            v = Math.min(1, Math.max(0, v));
                            assertEquals(v, actual[((b * c + ch) * h + y) * w + xo], 1e-5,
                                    "image " + b + " channel " + ch + " at " + y + "," + xo);
                        }
                    }
                }
            }
        }
    }

    @Test
    void resizedCropKeepsConstantImagesConstant() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.full(new Shape(2, 3, 16, 16), 0.3f);
            List<CropBox> boxes = List.of(new CropBox(3, 4, 5, 7), new CropBox(10, 0, 6, 16));
            float[] y = GeometricTransforms.resizedCrop(x, boxes).toFloatArray();
            for (float v : y) {
                assertEquals(0.3f, v, 1e-6f);
            }
        }
    }

    @Test
    void rejectsBoxesOutsideTheImage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.zeros(new Shape(1, 3, 8, 8));
            assertThrows(IllegalArgumentException.class,
                    () -> GeometricTransforms.resizedCrop(x, List.of(new CropBox(4, 0, 5, 8))));
            assertThrows(IllegalArgumentException.class,
                    () -> GeometricTransforms.resizedCrop(x, List.of(CropBox.full(8, 8), CropBox.full(8, 8))));
            assertThrows(IllegalArgumentException.class, () -> new CropBox(0, -1, 3, 3));
        }
    }

    @Test
    void padCropAtTheCentreOffsetReturnsTheInputExactly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 5, 2, 3, 32, 32);
            NDArray y = GeometricTransforms.reflectPadCrop(x, 4, new int[] {4, 4}, new int[] {4, 4},
                    new boolean[] {false, false});
            TestImages.assertExactlyEqual(x, y, "offset (4, 4)");
        }
    }

    @Test
    void padCropEqualsTheHandShiftedReflectPaddedImage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int b = 2;
            int c = 3;
            int h = 9;
            int w = 8;
            int p = 4;
            float[] pixels = TestImages.randomPixels(6, b * c * h * w);
            NDArray x = manager.create(pixels, new Shape(b, c, h, w));
            int[] tops = {1, 8};
            int[] lefts = {6, 0};
            boolean[] flip = {false, true};
            float[] actual = GeometricTransforms.reflectPadCrop(x, p, tops, lefts, flip).toFloatArray();
            for (int i = 0; i < b; i++) {
                // build the padded image by hand (torch reflect: mirror without repeating the edge)
                int ph = h + 2 * p;
                int pw = w + 2 * p;
                float[] padded = new float[c * ph * pw];
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < ph; y++) {
                        int sy = y - p;
                        sy = sy < 0 ? -sy : (sy >= h ? 2 * h - 2 - sy : sy);
                        for (int xx = 0; xx < pw; xx++) {
                            int sx = xx - p;
                            sx = sx < 0 ? -sx : (sx >= w ? 2 * w - 2 - sx : sx);
                            padded[(ch * ph + y) * pw + xx] = pixels[((i * c + ch) * h + sy) * w + sx];
                        }
                    }
                }
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int xx = 0; xx < w; xx++) {
                            int col = flip[i] ? w - 1 - xx : xx;
                            float expected = padded[(ch * ph + y + tops[i]) * pw + col + lefts[i]];
                            assertEquals(expected, actual[((i * c + ch) * h + y) * w + xx], 0f,
                                    "image " + i + " channel " + ch + " at " + y + "," + xx);
                        }
                    }
                }
            }
        }
    }

    @Test
    void padCropRejectsBadOffsetsAndPadding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.zeros(new Shape(1, 3, 4, 4));
            assertThrows(IllegalArgumentException.class, () -> GeometricTransforms.reflectPadCrop(x, 4,
                    new int[] {0}, new int[] {0}, new boolean[1]));
            assertThrows(IllegalArgumentException.class, () -> GeometricTransforms.reflectPadCrop(x, 2,
                    new int[] {5}, new int[] {0}, new boolean[1]));
            NDArray bad = manager.zeros(new Shape(1, 2, 4, 4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GeometricTransforms.flipHorizontal(bad, new boolean[1]));
            assertEquals("horizontal flip: expected images of shape (B, C, H, W) with C = 1 or 3, got (1, 2, 4, 4)",
                    e.getMessage());
        }
    }
}
