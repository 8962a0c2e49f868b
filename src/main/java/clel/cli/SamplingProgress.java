package clel.cli;

import clel.sampling.ConditionalSampler;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar of SGLD steps (with steps/s and ETA) for the sampling commands. */
final class SamplingProgress implements AutoCloseable {
    private final ProgressBar bar;

    /** @param calls sampling calls the command will make (batches, classes, instances...) */
    SamplingProgress(ConditionalSampler sampler, long calls) {
        this(calls * sampler.stepsPerCall());
        sampler.onProgress(bar::stepBy);
    }

    /** A bar of {@code steps} SGLD steps in all, moved on by {@link #advance}. */
    SamplingProgress(long steps) {
        bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "SGLD")).setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).showSpeed().setUnit(" steps", 1).build();
    }

    /** {@code steps} more SGLD steps done. */
    void advance(long steps) {
        bar.stepBy(steps);
    }

    @Override
    public void close() {
        bar.close();
    }
}
