package clel.experiment;

import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The measures of an experiment's {@code evaluate} section as columns of its results table: a run's values are those
 * RUN/eval/experiment.json holds for its last.ckpt, taken with the current settings ({@link RunEvaluator} takes them).
 */
final class PlannedMeasures implements MeasureColumns {
    private final EvaluationSettings settings;

    /** @param settings the evaluate section whose measures form the columns */
    PlannedMeasures(EvaluationSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<String> columns() {
        return settings.columns();
    }

    /**
     * The run's values in {@link #columns()} order, NaN where not measured (or measured with other settings or on
     * another checkpoint).
     */
    @Override
    public double[] values(ExperimentRun run) throws IOException {
        List<String> columns = columns();
        double[] v = new double[columns.size()];
        Arrays.fill(v, Double.NaN);
        RunFolder f = new RunFolder(run.folder());
        if (columns.isEmpty() || !Files.exists(f.lastCheckpoint())) {
            return v;
        }
        Map<String, StoredMeasures.Value> stored = StoredMeasures.read(f.experimentEvaluation(),
                Checkpoint.iterationOf(f.lastCheckpoint()));
        Map<String, String> wanted = MeasureNames.settingsByColumn(settings);
        for (int i = 0; i < v.length; i++) {
            StoredMeasures.Value s = stored.get(columns.get(i));
            if (s != null && s.takenWith(wanted.get(columns.get(i)))) {
                v[i] = s.value();
            }
        }
        return v;
    }
}
