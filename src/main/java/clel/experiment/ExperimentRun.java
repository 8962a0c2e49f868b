package clel.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * One run of an {@link ExperimentPlan}.
 *
 * @param index     1-based position in the plan
 * @param name      its grid choice, e.g. "loss.beta=0,seed=1"
 * @param choice    its grid choice as key=value
 * @param overrides the plan's fixed overrides followed by its choice
 * @param folder    its run folder
 */
public record ExperimentRun(int index, String name, List<String> choice, List<String> overrides, Path folder) {
    public ExperimentRun {
        choice = List.copyOf(choice);
        overrides = List.copyOf(overrides);
    }

    /** The choice without the keys in {@code ignored} (e.g. seed): runs that differ only there form one group. */
    public String group(java.util.Set<String> ignored) {
        return String.join(",", choice.stream().filter(c -> !ignored.contains(c.substring(0, c.indexOf('=')))).toList());
    }
}
