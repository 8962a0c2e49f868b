/**
 * Readers of the file formats of benchmark data sets (IDX, CIFAR binary, MATLAB v5, image folders, CelebA) and image decoding.
 *
 * <p><b>Internal; may change.</b> The public API is {@code clel.config}, {@code clel.data},
 * {@code clel.data.source}, {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training}
 * (docs/java-api.md).
 */
package clel.data.format;
