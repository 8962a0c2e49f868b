/**
 * Loading the image set a configuration or a command line names. <b>Public API.</b>
 *
 * <p>{@link clel.data.source.DataSources} reads the built-in shapes or a benchmark's files (making them present first
 * when allowed) and returns an {@link clel.data.ImageSet}.
 *
 * <p>The public API of clel is the packages {@code clel.config}, {@code clel.data}, {@code clel.data.source},
 * {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training} (docs/java-api.md); every
 * other package is internal and may change.
 */
package clel.data.source;
