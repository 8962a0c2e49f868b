/**
 * In-memory image sets, the built-in shapes data set, and batches drawn from them. <b>Public API.</b>
 *
 * <p>{@link clel.data.ImageSet} holds labelled 8-bit images; {@link clel.data.ShapesDataset} generates the built-in,
 * zero-download data set; {@link clel.data.BatchSampler} turns images into the float (N, C, H, W) layout in [0, 1]
 * that the models take.
 *
 * <p>The public API of clel is the packages {@code clel.config}, {@code clel.data}, {@code clel.data.source},
 * {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training} (docs/java-api.md); every
 * other package is internal and may change.
 */
package clel.data;
