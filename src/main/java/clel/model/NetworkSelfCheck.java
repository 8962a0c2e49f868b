package clel.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import clel.nn.ConvolutionSelfCheck;
import clel.nn.ConvolutionTrace;
import clel.nn.CpuInstructionSet;
import clel.nn.KernelDefectException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The host self-check before training ({@code clel info --self-check} runs it alone): every distinct convolution of the
 * configured networks f and h, traced from one inference forward of a small batch, run {@link ConvolutionSelfCheck#RUNS}
 * times forward and backward; outputs, input and weight gradients must be finite and bit-identical. It reads the
 * networks without changing them (no training-mode forward, no engine random numbers), so a seeded run is unaffected.
 * Convolutions inside a frozen TorchScript encoder are not traced. On other devices than the CPU it checks nothing:
 * GPU libraries may be nondeterministic by design.
 */
public final class NetworkSelfCheck {
    /** Images per traced input (libtorch sends a batch of 1 to other kernels than training's batches). */
    public static final int BATCH = 4;

    private NetworkSelfCheck() {
    }

    /**
     * Checks the host's kernels on every distinct convolution of the networks.
     *
     * @param networks the networks
     * @param parent   the manager whose sub-manager holds the check's arrays
     * @return one outcome per distinct convolution of f, then of h; empty on a non-CPU device
     */
    public static List<ConvolutionSelfCheck.Outcome> run(ClelNetworks networks, NDManager parent) {
        if (!parent.getDevice().getDeviceType().equals(Device.Type.CPU)) {
            return List.of();
        }
        try (NDManager m = parent.newSubManager()) {
            List<clel.nn.TracedConvolution> traced;
            try (ConvolutionTrace trace = ConvolutionTrace.open(m, BATCH)) {
                ParameterStore ps = new ParameterStore(m, false);
                NDArray x = images(m, networks.imageShape());
                trace.during("f", () -> networks.ebm().evaluate(ps, x, false));
                trace.during("h", () -> networks.encoder().forward(ps, new NDList(x), false));
                traced = trace.convolutions();
            }
            return ConvolutionSelfCheck.check(traced);
        }
    }

    /**
     * {@link #run} and fail on the first defective convolution.
     *
     * @param networks the networks
     * @param parent   the manager whose sub-manager holds the check's arrays
     * @throws KernelDefectException naming the convolution, the host's instruction set and the workaround
     */
    public static void verify(ClelNetworks networks, NDManager parent) {
        for (ConvolutionSelfCheck.Outcome o : run(networks, parent)) {
            if (!o.ok()) {
                throw new KernelDefectException(failure(o));
            }
        }
    }

    /**
     * @param o a failed convolution's outcome
     * @return the one-line message for it
     */
    public static String failure(ConvolutionSelfCheck.Outcome o) {
        return "host self-check failed: " + o.describe() + "; host: " + CpuInstructionSet.describe()
                + ". Training here would give NaN or irreproducible results. Workaround: run with "
                + "ONEDNN_MAX_CPU_ISA=AVX2 (oneDNN's AVX2 kernels; training about 1.6x slower on AVX-512 hosts) "
                + "or CLEL_THREADS=1";
    }

    /** (BATCH, C, H, W) uniform in [0, 1] from a fixed Java stream, in torch-owned memory. */
    private static NDArray images(NDManager m, Shape image) {
        Shape shape = new Shape(BATCH, image.get(0), image.get(1), image.get(2));
        float[] v = new float[Math.toIntExact(shape.size())];
        SplittableRandom rng = new SplittableRandom(shape.size());
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble();
        }
        try (NDArray fromJava = m.create(v, shape)) {
            return fromJava.duplicate();
        }
    }
}
