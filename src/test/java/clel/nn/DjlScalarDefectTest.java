package clel.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Minimal reproducer of a DJL 0.36 defect (PyTorch engine), kept to report upstream and as a sentinel: when DJL
 * fixes it, {@link #djlScalarOverloadsGiveWrongGradientsAfterAGc} fails and {@link GraphSafe} may be retired.
 *
 * <p>Mechanism. {@code PtNDArray.mul(Number n)} is {@code try (NDArray s = manager.create(n)) { return mul(s); }}.
 * {@code manager.create(n)} copies n into a new direct ByteBuffer and wraps it with {@code torch::from_blob}, so the
 * 0-d tensor's memory belongs to Java and torch's deleter is a no-op. {@code MulBackward0} saves that tensor
 * (d(x*s)/dx = s). Closing it drops DJL's reference to the buffer; the next GC frees the memory, and the backward
 * then reads whatever was allocated there since. The same happens for div, pow, maximum, minimum, muli, divi, ...
 * and for any array created from Java memory that is closed before the backward. A scalar from
 * {@code manager.full(...)} is allocated and reference-counted by torch and stays correct even when closed.
 *
 * <p>Standalone steps: x = [2, 2, 2, 2] requires grad; y = sum(x * 0.5) in a GradientCollector; System.gc() and
 * a few new direct buffers filled with a marker value ({@link Backward#recycleFreedMemory}); backward; x.grad is not [0.5, ...].
 */
class DjlScalarDefectTest {
    private static final int TRIALS = 20;

    /** How many of {@code TRIALS} backward passes of sum(op(x)) give a gradient other than {@code expected}. */
    private static int wrongGradients(UnaryOperator<NDArray> op, float expected) {
        int wrong = 0;
        for (int t = 0; t < TRIALS; t++) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.full(new Shape(4), 2f);
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = op.apply(x).sum();
                    Backward.recycleFreedMemory();
                    gc.backward(y);
                }
                for (float g : x.getGradient().toFloatArray()) {
                    if (g != expected) {
                        wrong++;
                        break;
                    }
                }
            }
        }
        return wrong;
    }

    @Test
    void djlScalarOverloadsGiveWrongGradientsAfterAGc() {
        assertTrue(wrongGradients(x -> x.mul(0.5f), 0.5f) > 0, "mul(Number) gave right gradients: DJL fixed it?");
        assertTrue(wrongGradients(x -> x.div(4f), 0.25f) > 0, "div(Number) gave right gradients: DJL fixed it?");
    }

    @Test
    void torchOwnedScalarsStayCorrectEvenWhenClosedEarly() {
        assertEquals(0, wrongGradients(x -> {
            try (NDArray s = x.getManager().full(new Shape(), 0.5f)) {
                return x.mul(s);
            }
        }, 0.5f));
        assertEquals(0, wrongGradients(x -> GraphSafe.div(x, 4f), 0.25f));
    }
}
