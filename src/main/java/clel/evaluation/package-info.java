/**
 * Evaluation: Frechet distances, Inception score, AUROC and ROC curves of eq. (14) scores, linear probes and k-NN accuracy, plots.
 *
 * <p><b>Internal; may change.</b> The public API is {@code clel.config}, {@code clel.data},
 * {@code clel.data.source}, {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training}
 * (docs/java-api.md).
 */
package clel.evaluation;
