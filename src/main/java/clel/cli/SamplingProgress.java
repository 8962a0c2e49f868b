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
        bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "SGLD")).setInitialMax(calls * sampler.stepsPerCall())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).showSpeed().setUnit(" steps", 1).build();
        sampler.onProgress(bar::stepBy);
    }

    @Override
    public void close() {
        bar.close();
    }
}
