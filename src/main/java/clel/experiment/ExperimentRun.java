package clel.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One run of an {@link ExperimentPlan}.
 *
 * @param index     1-based position in the plan
 * @param name      its variant and grid choice, e.g. "baseline,seed=1" or "loss.beta=0,seed=1"
 * @param variant   its variant's name ("" when the plan has no variants)
 * @param choice    its grid choice as key=value
 * @param overrides the plan's fixed overrides followed by its variant's and its choice
 * @param folder    its run folder
 */
public record ExperimentRun(int index, String name, String variant, List<String> choice, List<String> overrides,
                            Path folder) {
    public ExperimentRun {
        choice = List.copyOf(choice);
        overrides = List.copyOf(overrides);
    }

    /**
     * The variant and the choice without the keys in {@code ignored} (e.g. seed): runs that differ only there form one
     * group.
     */
    public String group(Set<String> ignored) {
        List<String> parts = new ArrayList<>();
        if (!variant.isEmpty()) {
            parts.add(variant);
        }
        choice.stream().filter(c -> !ignored.contains(c.substring(0, c.indexOf('=')))).forEach(parts::add);
        return String.join(",", parts);
    }
}
