package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import clel.data.ImageSet;
import clel.data.sets.Cifar10;
import java.util.List;
import org.junit.jupiter.api.Test;

class Cifar10InterpolationTest {
    private static int value(int i, int p) {
        return (i * 3 + p * 7) & 0xff;
    }

    @Test
    void blendsImageIWithImageIPlus100RoundingHalfUp() {
        int n = 130;
        byte[] px = new byte[n * 3072];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 3072; p++) {
                px[i * 3072 + p] = (byte) value(i, p);
            }
        }
        ImageSet test = new ImageSet("t", 3, 32, 32, px, new int[n], List.of("a"), List.of(), new byte[0],
                new float[] {.5f, .5f, .5f}, new float[] {1, 1, 1});
        ImageSet interp = Cifar10Interpolation.of(test, Cifar10.STATS);
        assertEquals(n, interp.count());
        for (int i = 0; i < n; i++) {
            int j = (i + 100) % n;
            for (int p = 0; p < 3072; p += 5) {
                int expected = (value(i, p) + value(j, p) + 1) / 2;
                assertEquals(expected, interp.pixels()[i * 3072 + p] & 0xff);
            }
        }
        // hand-checked: image 0 pixel 0 = 0, image 100 pixel 0 = 300 & 255 = 44 -> 22; pixel 1: 7 and 51 -> 29
        assertEquals(22, interp.pixel(0, 0, 0, 0));
        assertEquals(29, interp.pixel(0, 0, 0, 1));
        // half rounds up: image 1 pixel 0 = 3, image 101 pixel 0 = 303 & 255 = 47 -> 25
        assertEquals(25, interp.pixel(1, 0, 0, 0));
        assertArrayEquals(new float[] {0.4914f, 0.4822f, 0.4465f}, interp.mean());
        assertEquals(List.of("cifar10_interp"), interp.classNames());
        ImageSet tiny = new ImageSet("t", 3, 32, 32, new byte[3072 * 100], new int[100], List.of("a"), List.of(),
                new byte[0], new float[] {.5f, .5f, .5f}, new float[] {1, 1, 1});
        assertThrows(IllegalArgumentException.class, () -> Cifar10Interpolation.of(tiny, Cifar10.STATS));
    }
}
