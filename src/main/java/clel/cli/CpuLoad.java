package clel.cli;

import java.util.ArrayList;
import java.util.List;

/** Busy-loop threads that compete with a training process for the CPU cores while they run. */
final class CpuLoad implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    /** Written so the loop is not optimized away. */
    private volatile long sink;

    /** Starts {@code count} busy threads (0: none). */
    CpuLoad(int count) {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::spin, "cpu-load-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    private void spin() {
        long x = System.nanoTime() | 1;
        while (running) {
            for (int i = 0; i < 1_000_000; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            sink = x;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
    }
}
