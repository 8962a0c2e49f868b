/**
 * Files: PNG image grids, atomic writes, checksums and the checks of user-given paths. <b>Public API.</b>
 *
 * <p>{@link clel.io.ImageGrid} tiles a batch of images into one picture and writes it as PNG.
 *
 * <p>The public API of clel is the packages {@code clel.config}, {@code clel.data}, {@code clel.data.source},
 * {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training} (docs/java-api.md); every
 * other package is internal and may change.
 */
package clel.io;
