package clel.experiment;

import java.io.IOException;
import java.util.List;

/** Measures of a run beyond those its training logged, shown as further columns of the results table. */
interface MeasureColumns {
    /** The column names, in order. */
    List<String> columns();

    /** A run's values in {@link #columns()} order, NaN where there is none. */
    double[] values(ExperimentRun run) throws IOException;
}
