package clel.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchPrefetcherTest {

    private static boolean workerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("clel-batch-prefetcher") && t.isAlive());
    }

    @Test
    void deliversExactlyTheSamplersBatchesInOrder() {
        ImageSet set = ShapesDataset.generate(50, 8);
        BatchSampler sampler = new BatchSampler(50, 8, 3);
        try (BatchPrefetcher prefetcher = new BatchPrefetcher(set, sampler, 5, 3)) {
            for (long t = 5; t < 30; t++) {
                assertEquals(t, prefetcher.nextIteration());
                PreparedBatch batch = prefetcher.next();
                assertEquals(t, batch.iteration());
                int[] expected = sampler.indices(t);
                assertArrayEquals(expected, batch.indices());
                assertArrayEquals(BatchSampler.labels(set, expected), batch.labels());
                assertArrayEquals(BatchSampler.pixels(set, expected), batch.pixels());
                assertEquals(8, batch.size());
                assertEquals(3, batch.channels());
            }
        }
    }

    @Test
    void batchConvertsToNDArray() {
        ImageSet set = ShapesDataset.generate(10, 8);
        BatchSampler sampler = new BatchSampler(10, 4, 3);
        try (BatchPrefetcher prefetcher = new BatchPrefetcher(set, sampler, 0, 1);
             NDManager manager = NDManager.newBaseManager()) {
            PreparedBatch batch = prefetcher.next();
            NDArray x = batch.toNDArray(manager);
            assertEquals(new Shape(4, 3, 32, 32), x.getShape());
            assertArrayEquals(batch.pixels(), x.toFloatArray());
        }
    }

    @Test
    void closeStopsTheWorkerEvenWhenTheQueueIsFull() throws InterruptedException {
        ImageSet set = ShapesDataset.generate(40, 8);
        BatchSampler sampler = new BatchSampler(40, 4, 3);
        BatchPrefetcher prefetcher = new BatchPrefetcher(set, sampler, 0, 2);
        assertTrue(workerAlive());
        // the worker fills the queue (2 batches) and blocks putting the third
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!prefetcher.workerWaitsForRoom()) {
            assertTrue(System.nanoTime() < deadline, "the worker never filled the queue");
            Thread.sleep(1);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(5), prefetcher::close);
        assertFalse(workerAlive());
        IllegalStateException e = assertThrows(IllegalStateException.class, prefetcher::next);
        assertTrue(e.getMessage().contains("after close"), e.getMessage());
        prefetcher.close(); // idempotent
    }

    @Test
    void rejectsMismatchedOrInvalidArguments() {
        ImageSet set = ShapesDataset.generate(10, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchPrefetcher(set, new BatchSampler(11, 2, 1), 0, 2));
        assertTrue(e.getMessage().contains("11 images"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchPrefetcher(set, new BatchSampler(10, 2, 1), -1, 2));
        assertThrows(IllegalArgumentException.class, () -> new BatchPrefetcher(set, new BatchSampler(10, 2, 1), 0, 0));
        assertFalse(workerAlive());
    }

    @Test
    void preparedBatchValidatesItsArrays() {
        assertThrows(IllegalArgumentException.class,
                () -> new PreparedBatch(0, new int[] {1, 2}, new int[] {0}, new float[8], 1, 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new PreparedBatch(0, new int[] {1, 2}, new int[] {0, 0}, new float[7], 1, 2, 2));
    }
}
