package clel.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where clel runs a backward pass, with a debug mode that makes use-after-free in a graph
 * deterministic. With the system property {@value #RECYCLE_PROPERTY} set to true (or {@link #setRecycleFreedMemory}),
 * every backward is preceded by garbage collections, which free the memory of unreachable direct buffers, and by
 * small allocations filled with {@link #MARKER}, which malloc serves from the memory just freed. A graph that still
 * reads memory Java has released (see {@link GraphSafe}) then computes with the marker and gives a visibly wrong
 * gradient, instead of a rare random one. Training results must be bit-identical with and without this mode.
 */
public final class Backward {
    /** System property that turns the debug mode on. */
    public static final String RECYCLE_PROPERTY = "clel.debug.recycle_freed_memory";
    /** The value written into recycled memory (a gradient computed from it is unmistakably wrong). */
    public static final float MARKER = 3.5e33f;
    private static final int COLLECTIONS = 3;
    private static final int[] BLOCK_SIZES = {4, 8, 16, 64, 256};
    private static final int BLOCKS_PER_SIZE = 32;

    private static volatile boolean recycle = Boolean.getBoolean(RECYCLE_PROPERTY);
    private static final List<ByteBuffer> HELD = new ArrayList<>();

    private Backward() {
    }

    /** Turns the debug mode on or off for this JVM. */
    public static void setRecycleFreedMemory(boolean on) {
        recycle = on;
    }

    public static boolean recyclesFreedMemory() {
        return recycle;
    }

    /** gc.backward(target), after recycling freed memory when the debug mode is on. */
    public static void run(GradientCollector gc, NDArray target) {
        if (recycle) {
            recycleFreedMemory();
        }
        gc.backward(target);
    }

    /** Frees unreachable direct buffers' memory, then hands it out again filled with {@link #MARKER}. */
    public static synchronized void recycleFreedMemory() {
        HELD.clear();
        for (int i = 0; i < COLLECTIONS; i++) {
            System.gc();
            try {
                Thread.sleep(5); // the buffers' cleaner thread frees their memory after the collection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (int size : BLOCK_SIZES) {
            for (int i = 0; i < BLOCKS_PER_SIZE; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
                while (b.remaining() >= Float.BYTES) {
                    b.putFloat(MARKER);
                }
                HELD.add(b);
            }
        }
    }
}
