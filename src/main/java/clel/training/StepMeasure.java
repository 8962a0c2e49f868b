package clel.training;

/**
 * A quantity measured in every training iteration beyond the built-in {@link clel.run.Metric}s, logged in
 * metrics.jsonl under its {@link #field()} and drawn by the run report. A new one is a class of its own plus one line
 * in {@link StepMeasures#ALL}.
 */
public interface StepMeasure {
    /** @return the JSON field name in metrics.jsonl (lower case with underscores; not a {@link clel.run.Metric}'s) */
    String field();

    /** @return what it measures, in words, naming the paper's symbols */
    String description();

    /**
     * Its value in the iteration whose forward pass produced {@code q}.
     *
     * @param q the iteration's quantities
     * @return the value; NaN where it is undefined
     */
    double measure(StepQuantities q);
}
