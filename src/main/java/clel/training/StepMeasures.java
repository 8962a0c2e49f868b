package clel.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link StepMeasure}s every training iteration takes, one line each. */
public final class StepMeasures {
    /** Every measure, in the order its field appears in metrics.jsonl. */
    static final List<StepMeasure> ALL = List.of(
            new SamplesBelowDataEnergy()
    );

    private StepMeasures() {
    }

    /** Each measure's value by field, in {@link #ALL}'s order. */
    static Map<String, Double> measure(StepQuantities q) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (StepMeasure m : ALL) {
            out.put(m.field(), m.measure(q));
        }
        return Collections.unmodifiableMap(out);
    }
}
