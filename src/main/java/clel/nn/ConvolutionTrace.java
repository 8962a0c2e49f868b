package clel.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records which convolutions a network runs, with what shapes, so that {@link ConvolutionSelfCheck} can run the very
 * same calls again. While a trace is open on a thread, every {@link Convolution#apply} on that thread leaves one
 * {@link TracedConvolution} per distinct shape: copies of the first {@code batch} input images (torch's copy keeps
 * the input's memory layout, contiguous or channels-last) and of the weight, in the trace's manager. Closing the trace
 * stops the recording; the copies live as long as that manager.
 */
public final class ConvolutionTrace implements AutoCloseable {
    private static final ThreadLocal<ConvolutionTrace> OPEN = new ThreadLocal<>();

    private final NDManager manager;
    private final int batch;
    private final Map<String, TracedConvolution> traced = new LinkedHashMap<>();
    private String network = "";

    private ConvolutionTrace(NDManager manager, int batch) {
        this.manager = manager;
        this.batch = batch;
    }

    /**
     * Starts recording on this thread.
     *
     * @param manager owns the recorded copies
     * @param batch   images of each input to keep (at least 2: a batch of 1 takes other kernels in libtorch)
     */
    public static ConvolutionTrace open(NDManager manager, int batch) {
        if (batch < 2) {
            throw new IllegalArgumentException("a convolution trace keeps at least 2 images per input, got " + batch);
        }
        if (OPEN.get() != null) {
            throw new IllegalStateException("a convolution trace is already open on this thread");
        }
        ConvolutionTrace t = new ConvolutionTrace(manager, batch);
        OPEN.set(t);
        return t;
    }

    /** Runs {@code forward} and records its convolutions under the name {@code network}. */
    public void during(String network, Runnable forward) {
        this.network = network;
        try {
            forward.run();
        } finally {
            this.network = "";
        }
    }

    /** The distinct convolutions recorded so far, in the order they first ran. */
    public List<TracedConvolution> convolutions() {
        return new ArrayList<>(traced.values());
    }

    static void record(NDArray x, NDArray w, int stride, int padding) {
        ConvolutionTrace t = OPEN.get();
        if (t != null) {
            t.add(x, w, stride, padding);
        }
    }

    private void add(NDArray x, NDArray w, int stride, int padding) {
        long n = Math.min(batch, x.getShape().get(0));
        try (NDArray head = x.get(new NDIndex("0:{}", n))) {
            NDArray input = head.duplicate();
            NDArray weight = w.duplicate();
            input.attach(manager);
            weight.attach(manager);
            TracedConvolution c = new TracedConvolution(network, input, weight, stride, padding);
            TracedConvolution earlier = traced.putIfAbsent(c.key(), c);
            if (earlier != null) {
                input.close();
                weight.close();
            }
        }
    }

    @Override
    public void close() {
        OPEN.remove();
    }
}
