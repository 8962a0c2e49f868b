package clel.nn;

/**
 * This host's engine computes one of the networks' convolutions wrongly: NaN, or results that change from run to run
 * ({@link ConvolutionSelfCheck}). The message is one line: the convolution, the host's instruction set and a
 * workaround.
 */
public final class KernelDefectException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public KernelDefectException(String message) {
        super(message);
    }
}
