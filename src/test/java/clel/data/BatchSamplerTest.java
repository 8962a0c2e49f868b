package clel.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

    @Test
    void eachEpochVisitsEveryIndexExactlyOnce() {
        BatchSampler sampler = new BatchSampler(100, 10, 7);
        assertEquals(10, sampler.batchesPerEpoch());
        for (long epoch = 0; epoch < 3; epoch++) {
            int[] seen = new int[100];
            int[] permutation = sampler.permutation(epoch);
            for (int b = 0; b < 10; b++) {
                long t = epoch * 10 + b;
                assertEquals(epoch, sampler.epochOf(t));
                int[] batch = sampler.indices(t);
                assertEquals(10, batch.length);
                assertArrayEquals(Arrays.copyOfRange(permutation, b * 10, b * 10 + 10), batch);
                for (int i : batch) {
                    seen[i]++;
                }
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(1, seen[i], "index " + i + " in epoch " + epoch);
            }
        }
    }

    @Test
    void batchIsPureFunctionOfSeedAndIteration() {
        BatchSampler a = new BatchSampler(1000, 64, 99);
        BatchSampler b = new BatchSampler(1000, 64, 99);
        long[] order = {37, 0, 15, 16, 500, 15, 1, 37};
        int[][] fromA = new int[order.length][];
        for (int k = 0; k < order.length; k++) {
            fromA[k] = a.indices(order[k]);
        }
        // b is queried in a different order (different cache history): same answers.
        for (int k = order.length - 1; k >= 0; k--) {
            assertArrayEquals(fromA[k], b.indices(order[k]), "iteration " + order[k]);
        }
        assertArrayEquals(fromA[0], fromA[7]);
        assertArrayEquals(fromA[2], fromA[5]);
        // A resumed run (new sampler, start at t = 500) sees the same batch.
        assertArrayEquals(fromA[4], new BatchSampler(1000, 64, 99).indices(500));
        // Another seed gives another order.
        assertFalse(Arrays.equals(fromA[1], new BatchSampler(1000, 64, 100).indices(0)));
    }

    @Test
    void differentEpochsUseDifferentPermutations() {
        BatchSampler sampler = new BatchSampler(50, 5, 1);
        Set<List<Integer>> distinct = new HashSet<>();
        for (long e = 0; e < 20; e++) {
            int[] p = sampler.permutation(e);
            int[] sorted = p.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < 50; i++) {
                assertEquals(i, sorted[i]);
            }
            distinct.add(Arrays.stream(p).boxed().toList());
        }
        assertEquals(20, distinct.size());
        assertFalse(Arrays.equals(sampler.indices(0), sampler.indices(10)));
    }

    @Test
    void dropLastSkipsTheRemainderOfEachEpoch() {
        BatchSampler sampler = new BatchSampler(103, 10, 5);
        assertEquals(10, sampler.batchesPerEpoch());
        assertEquals(0, sampler.epochOf(9));
        assertEquals(1, sampler.epochOf(10));
        assertEquals(7, sampler.epochOf(79));
        Set<Integer> used = new HashSet<>();
        for (long t = 0; t < 10; t++) {
            for (int i : sampler.indices(t)) {
                assertTrue(used.add(i), "index " + i + " repeated within epoch 0");
            }
        }
        assertEquals(100, used.size());
        int[] permutation = sampler.permutation(0);
        for (int k = 100; k < 103; k++) {
            assertFalse(used.contains(permutation[k]), "dropped index " + permutation[k] + " was used");
        }
        // Batch 10 starts epoch 1 with the head of the new permutation.
        assertArrayEquals(Arrays.copyOf(sampler.permutation(1), 10), sampler.indices(10));
        // Batch size equal to N: one batch per epoch, the whole permutation.
        BatchSampler full = new BatchSampler(7, 7, 3);
        assertEquals(1, full.batchesPerEpoch());
        assertArrayEquals(full.permutation(4), full.indices(4));
    }

    @Test
    void permutationFirstElementIsRoughlyUniform() {
        BatchSampler sampler = new BatchSampler(4, 1, 11);
        int[] counts = new int[4];
        for (long e = 0; e < 2000; e++) {
            counts[sampler.permutation(e)[0]]++;
        }
        for (int c : counts) {
            // Expected 500, binomial std about 19.
            assertTrue(c > 420 && c < 580, Arrays.toString(counts));
        }
    }

    @Test
    void rejectsBadArgumentsWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchSampler(10, 0, 1));
        assertTrue(e.getMessage().contains("batch size must be >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchSampler(10, 11, 1));
        assertTrue(e.getMessage().contains("larger than the data set"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchSampler(0, 1, 1));
        assertTrue(e.getMessage().contains("data set size"), e.getMessage());
        BatchSampler sampler = new BatchSampler(10, 2, 1);
        e = assertThrows(IllegalArgumentException.class, () -> sampler.indices(-1));
        assertTrue(e.getMessage().contains("iteration must be >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sampler.permutation(-1));
    }

    /** Two 1x2x2 images (bytes 0, 51, 255, 102 and 204, 1, 2, 3), labels 1 and 0. */
    static ImageSet tinySet() {
        byte[] pixels = {0, 51, (byte) 255, 102, (byte) 204, 1, 2, 3};
        return new ImageSet("tiny", 1, 2, 2, pixels, new int[] {1, 0}, List.of("a", "b"), List.of(), new byte[0],
                new float[] {0.5f}, new float[] {0.25f});
    }

    @Test
    void fillConvertsBytesToUnitFloatsInIndexOrder() {
        ImageSet set = tinySet();
        float[] out = new float[9];
        Arrays.fill(out, -7f);
        BatchSampler.fill(set, new int[] {1, 0}, out);
        float[] expected = {204 / 255f, 1 / 255f, 2 / 255f, 3 / 255f, 0f, 0.2f, 1f, 0.4f, -7f};
        assertArrayEquals(expected, out, 1e-7f);
        assertArrayEquals(new int[] {0, 1}, BatchSampler.labels(set, new int[] {1, 0}));
        assertArrayEquals(new float[] {0f, 0.2f, 1f, 0.4f, 0f, 0.2f, 1f, 0.4f},
                BatchSampler.pixels(set, new int[] {0, 0}), 1e-7f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchSampler.fill(set, new int[] {2}, new float[4]));
        assertTrue(e.getMessage().contains("tiny: image index 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchSampler.fill(set, new int[] {0, 1}, new float[7]));
    }

    @Test
    void toNDArrayHasShapeBchwAndTheSameValues() {
        ImageSet set = ShapesDataset.generate(20, 3);
        BatchSampler sampler = new BatchSampler(20, 6, 2);
        int[] indices = sampler.indices(4);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = BatchSampler.toNDArray(manager, set, indices);
            assertEquals(new Shape(6, 3, 32, 32), x.getShape());
            assertEquals(DataType.FLOAT32, x.getDataType());
            float[] values = x.toFloatArray();
            assertArrayEquals(BatchSampler.pixels(set, indices), values);
            // Spot check one value against the byte it came from.
            int b = 3;
            int c = 2;
            int y = 17;
            int xx = 9;
            assertEquals(set.pixel(indices[b], c, y, xx) / 255f, values[((b * 3 + c) * 32 + y) * 32 + xx], 0f);
        }
    }
}
