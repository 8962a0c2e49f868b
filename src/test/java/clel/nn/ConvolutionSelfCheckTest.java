package clel.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvolutionTrace} records each distinct convolution once, with its input's first images; {@link
 * ConvolutionSelfCheck} finds kernels that give NaN or results that change between runs (stand-in kernels, so this
 * holds on any host) and passes the project's convolution.
 */
class ConvolutionSelfCheckTest {

    private static List<TracedConvolution> trace(NDManager m) {
        NDArray x = m.randomUniform(0f, 1f, new Shape(6, 4, 8, 8));
        NDArray w = m.randomUniform(-0.1f, 0.1f, new Shape(4, 4, 3, 3));
        NDArray wide = m.randomUniform(-0.1f, 0.1f, new Shape(16, 4, 3, 3));
        try (ConvolutionTrace t = ConvolutionTrace.open(m, 4)) {
            t.during("f", () -> {
                Convolution.apply(x, w, null, 1, 1);
                Convolution.apply(x, w, null, 1, 1);
                Convolution.apply(x, wide, null, 2, 1);
            });
            return t.convolutions();
        }
    }

    @Test
    void recordsEachDistinctCallOnceWhileOpen() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<TracedConvolution> traced = trace(m);
            assertEquals(2, traced.size());
            assertEquals("f: 3x3 stride 1, 4 -> 4 channels, input 4x4x8x8", traced.get(0).describe());
            assertEquals("f: 3x3 stride 2, 4 -> 16 channels, input 4x4x8x8", traced.get(1).describe());
            // closed: nothing more is recorded, and a second trace may open
            try (ConvolutionTrace t = ConvolutionTrace.open(m, 2)) {
                assertTrue(t.convolutions().isEmpty());
                assertThrows(IllegalStateException.class, () -> ConvolutionTrace.open(m, 2));
            }
        }
    }

    @Test
    void passesTheProjectsConvolution() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (ConvolutionSelfCheck.Outcome o : ConvolutionSelfCheck.check(trace(m))) {
                assertTrue(o.ok(), o.describe());
            }
        }
    }

    @Test
    void findsResultsThatChangeBetweenRuns() {
        AtomicInteger calls = new AtomicInteger();
        ConvolutionSelfCheck.Kernel drifting = (x, w, s, p) ->
                Convolution.apply(x, w, null, s, p).singletonOrThrow().mul(x.getManager().full(new Shape(),
                        1 + calls.incrementAndGet() * 1e-3f));
        try (NDManager m = NDManager.newBaseManager()) {
            ConvolutionSelfCheck.Outcome o = ConvolutionSelfCheck.check(trace(m), drifting).get(0);
            assertFalse(o.ok());
            assertEquals(0, o.nonFinite());
            assertEquals(ConvolutionSelfCheck.RUNS - 1, o.differing());
            assertEquals("f: 3x3 stride 1, 4 -> 4 channels, input 4x4x8x8: results differ between runs (2 of 2 repeats)",
                    o.describe());
        }
    }

    @Test
    void findsNonFiniteGradients() {
        ConvolutionSelfCheck.Kernel sqrtOfNegative = (x, w, s, p) ->
                Convolution.apply(x, w, null, s, p).singletonOrThrow().abs().neg().sqrt();
        try (NDManager m = NDManager.newBaseManager()) {
            ConvolutionSelfCheck.Outcome o = ConvolutionSelfCheck.check(trace(m), sqrtOfNegative).get(0);
            assertEquals(ConvolutionSelfCheck.RUNS, o.nonFinite());
            assertTrue(o.describe().endsWith("NaN or infinity in 3 of 3 runs"), o.describe());
        }
    }
}
