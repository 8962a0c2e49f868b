/**
 * The configuration of a run: validated records built from defaults, a preset or YAML file, and overrides. <b>Public API.</b>
 *
 * <p>{@link clel.config.ConfigLoader} builds a {@link clel.config.ClelConfig} as {@code clel train} does (a preset name
 * or a YAML file, then {@code key.path=value} overrides); its sections are records such as
 * {@link clel.config.ModelConfig} and {@link clel.config.SamplerConfig}.
 *
 * <p>The public API of clel is the packages {@code clel.config}, {@code clel.data}, {@code clel.data.source},
 * {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training} (docs/java-api.md); every
 * other package is internal and may change.
 */
package clel.config;
