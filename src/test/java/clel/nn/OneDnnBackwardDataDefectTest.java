package clel.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Minimal reproducer of a libtorch 2.7.1 (DJL 0.36 PyTorch engine, CPU) defect, kept to report upstream (oneDNN /
 * PyTorch) and as a sentinel: it prints what libtorch's own convolution does on this host, and checks that
 * {@link Convolution}'s routing is clean on the same inputs.
 *
 * <p>Mechanism. For a float32 CPU convolution with batch &gt; 1, libtorch calls oneDNN. On hosts with AVX-512
 * (measured on a 2-core AMD EPYC: avx512f/bw/vl/vnni/bf16) and 2 intra-op threads, oneDNN's backward-data primitive
 * for a 3x3 convolution whose output channel count is not a multiple of 16 (the AVX-512 vector width in floats)
 * returns an input gradient that holds NaN in most calls and otherwise differs from call to call, on identical
 * inputs; stride 2 fails likewise when the convolution has one input channel. The forward pass and the weight
 * gradient are correct; 16, 32, 48 output channels are correct; 1x1 kernels are correct. {@code
 * ONEDNN_MAX_CPU_ISA=AVX2} or one intra-op thread make it correct, which points at the AVX-512 kernel's handling of a
 * channel tail split across threads (an uninitialized or shared accumulation buffer). On AVX2-only hosts the same
 * calls are correct.
 *
 * <p>Standalone steps (torch): {@code torch.set_num_threads(2)}; x = randn(4, 4, 32, 32, requires_grad=True), w =
 * randn(4, 4, 3, 3) * 0.1; twelve times: {@code y = conv2d(x, w, padding=1); (y * g).sum().backward()} with a fixed g,
 * comparing x.grad (zeroed between calls) with the first call's.
 */
class OneDnnBackwardDataDefectTest {
    private static final int CALLS = 12;

    /** [calls with a non-finite input gradient, calls whose input gradient differs from the first call's]. */
    private static int[] inputGradientFaults(NDManager parent, BinaryOperator<NDArray> convolution) {
        int nonFinite = 0;
        int differing = 0;
        float[] first = null;
        try (NDManager m = parent.newSubManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x0 = m.randomNormal(new Shape(4, 4, 32, 32));
            NDArray w = m.randomNormal(new Shape(4, 4, 3, 3)).mul(0.1f);
            NDArray g = m.randomNormal(new Shape(4, 4, 32, 32));
            for (int call = 0; call < CALLS; call++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray x = x0.duplicate();
                    x.attach(s);
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(convolution.apply(x, w).mul(g).sum());
                    }
                    float[] dx = x.getGradient().toFloatArray();
                    for (float v : dx) {
                        if (!Float.isFinite(v)) {
                            nonFinite++;
                            break;
                        }
                    }
                    if (first == null) {
                        first = dx;
                    } else if (!Arrays.equals(first, dx)) {
                        differing++;
                    }
                }
            }
        }
        return new int[] {nonFinite, differing};
    }

    @Test
    void libtorchsOwnCallIsReportedAndTheRoutedCallIsClean() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[] plain = inputGradientFaults(m, (x, w) -> Convolution.plain(x, w, null, 1, 1).singletonOrThrow());
            int[] routed = inputGradientFaults(m, (x, w) -> Convolution.apply(x, w, null, 1, 1).singletonOrThrow());
            System.out.printf("libtorch conv2d 3x3, 4 -> 4 channels, input gradient on %s: non-finite in %d of %d calls,"
                    + " different from the first call in %d of %d (Convolution.apply: %d and %d)%n",
                    CpuInstructionSet.describe(), plain[0], CALLS, plain[1], CALLS - 1, routed[0], routed[1]);
            assertEquals(0, routed[0], "the routed convolution gave a non-finite input gradient");
            assertEquals(0, routed[1], "the routed convolution's input gradient changed from call to call");
        }
    }
}
