package clel.data;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Prepares the float pixels of upcoming batches on a background thread so the training loop does not wait
 * for them. {@link #next()} returns batches t0, t0+1, t0+2, ... in order, each exactly what
 * {@link BatchSampler#indices(long)} and {@link BatchSampler#fill} give for that iteration; at most
 * {@code depth} batches are held ahead. Close it to stop the worker thread (idempotent).
 */
public final class BatchPrefetcher implements AutoCloseable {
    private static final long POLL_MILLIS = 50;

    private final ImageSet set;
    private final BatchSampler sampler;
    private final BlockingQueue<PreparedBatch> queue;
    private final Thread worker;
    private volatile boolean closed;
    private volatile Throwable failure;
    private long nextIteration;

    /**
     * Starts the worker thread.
     *
     * @param set            images to read; its count must equal the sampler's N
     * @param sampler        batch order
     * @param startIteration first iteration t0 to deliver, at least 0
     * @param depth          maximum number of batches prepared ahead, at least 1
     */
    public BatchPrefetcher(ImageSet set, BatchSampler sampler, long startIteration, int depth) {
        this.set = Objects.requireNonNull(set, "set");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        if (sampler.datasetSize() != set.count()) {
            throw new IllegalArgumentException("batch prefetcher: sampler is for " + sampler.datasetSize()
                    + " images but " + set.name() + " has " + set.count());
        }
        if (startIteration < 0) {
            throw new IllegalArgumentException("batch prefetcher: start iteration must be >= 0, got " + startIteration);
        }
        if (depth < 1) {
            throw new IllegalArgumentException("batch prefetcher: depth must be >= 1, got " + depth);
        }
        this.queue = new ArrayBlockingQueue<>(depth);
        this.nextIteration = startIteration;
        this.worker = new Thread(() -> produce(startIteration), "clel-batch-prefetcher");
        worker.setDaemon(true);
        worker.start();
    }

    private void produce(long start) {
        try {
            for (long t = start; !closed; t++) {
                int[] indices = sampler.indices(t);
                PreparedBatch batch = new PreparedBatch(t, indices, BatchSampler.labels(set, indices),
                        BatchSampler.pixels(set, indices), set.channels(), set.height(), set.width());
                queue.put(batch);
            }
        } catch (InterruptedException e) {
            // close() interrupts the worker: exit quietly.
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /** @return the iteration of the batch the next call to {@link #next()} returns */
    public long nextIteration() {
        return nextIteration;
    }

    /**
     * The next batch, waiting for the worker if it is not ready yet.
     *
     * @return the batch of iteration {@link #nextIteration()}
     * @throws IllegalStateException if closed, if the worker failed (cause attached) or if interrupted
     */
    public PreparedBatch next() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("batch prefetcher: next() called after close()");
            }
            PreparedBatch batch;
            try {
                batch = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("batch prefetcher: interrupted while waiting for batch "
                        + nextIteration, e);
            }
            if (batch != null) {
                if (batch.iteration() != nextIteration) {
                    throw new IllegalStateException("batch prefetcher: expected batch " + nextIteration
                            + " but got " + batch.iteration());
                }
                nextIteration++;
                return batch;
            }
            Throwable f = failure;
            if (f != null) {
                throw new IllegalStateException("batch prefetcher: preparing batch " + nextIteration + " failed: "
                        + f.getMessage(), f);
            }
        }
    }

    /** For tests: whether the worker has filled the queue and waits in {@code put} for room. */
    boolean workerWaitsForRoom() {
        return queue.remainingCapacity() == 0 && worker.getState() == Thread.State.WAITING;
    }

    /** Stops the worker thread and waits for it to end. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
