/**
 * Instrumentation of training for tests and debugging, outside the training itself: {@link
 * clel.diagnostics.StepExport} writes every tensor of a run's first iterations for the differential test against the
 * PyTorch twin ({@code clel train --export-steps K}).
 *
 * <p><b>Internal; may change.</b> The public API is {@code clel.config}, {@code clel.data},
 * {@code clel.data.source}, {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training}
 * (docs/java-api.md).
 */
package clel.diagnostics;
