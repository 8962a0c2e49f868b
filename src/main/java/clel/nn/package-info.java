/**
 * Layers and low-level helpers on DJL and PyTorch: spectral-norm convolution, batch norm, dense layers, backward
 * passes, self-checks of the host's kernels.
 *
 * <p><b>Internal; may change.</b> The public API is {@code clel.config}, {@code clel.data},
 * {@code clel.data.source}, {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training}
 * (docs/java-api.md).
 */
package clel.nn;
