package clel.cli;

import clel.training.StepMetrics;
import clel.training.Trainer;
import clel.training.TrainingObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Makes a stop request (Ctrl-C, SIGTERM) end the training between two iterations instead of inside one. A JVM that
 * exits while the training thread is inside libtorch runs libtorch's static destructors under that thread (the C
 * library's exit() does), and the thread then dies with SIGSEGV in dnnl_primitive_execute. Both JVM crash logs of
 * issue 10 are of this kind: the VM was "shutting down" and had a "SIGTERM handler" thread. So a shutdown hook waits
 * (at most {@value #WAIT_SECONDS} s) until the training thread has finished its current iteration and holds it there,
 * in Java code, while the JVM exits. Outside the training loop (loading data, after the run) it does not wait.
 */
final class GracefulStop implements AutoCloseable {
    private static final long WAIT_SECONDS = 60;
    private final CountDownLatch idle = new CountDownLatch(1);
    private final Thread hook = new Thread(this::awaitIdle, "clel-stop-between-iterations");
    private volatile boolean training;
    private volatile boolean requested;

    GracefulStop() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * The observer of the training loop that holds the training thread at the end of an iteration once a stop is
     * requested, before the side jobs record the iteration; {@code log} is told where it stopped.
     */
    TrainingObserver betweenIterations(Consumer<String> log) {
        return new TrainingObserver() {
            @Override
            public void started(Trainer trainer) {
                training = true;
            }

            @Override
            public void iterationEnded(Trainer trainer, StepMetrics metrics) {
                if (requested) {
                    log.accept("stopped at iteration " + metrics.iteration() + " on request (Ctrl-C, SIGTERM or the end "
                            + "of the supervising process); continue with --resume from the last checkpoint");
                    holdUntilExit();
                }
            }
        };
    }

    private void holdUntilExit() {
        idle.countDown();
        while (true) {
            LockSupport.park(this);
        }
    }

    private void awaitIdle() {
        requested = true;
        if (!training) {
            return;
        }
        try {
            idle.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The training is over (done or failed): a stop no longer waits. */
    @Override
    public void close() {
        training = false;
        idle.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now
        }
    }
}
