package clel.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.evaluation.FeatureExtractor;
import java.util.function.Function;
import java.util.function.IntFunction;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A feature extractor that counts the images it maps on a progress bar (images/s and ETA); one bar per phase
 * ({@link #phase}), since reference statistics, sample features and Inception probabilities are separate passes.
 */
final class FeatureProgress implements FeatureExtractor, AutoCloseable {
    private static final int CHUNK = 50;

    private final FeatureExtractor inner;
    private ProgressBar bar;
    private String task;
    private long max;

    FeatureProgress(FeatureExtractor inner) {
        this.inner = inner;
    }

    /**
     * Closes the previous bar; the next images counted go to a bar named {@code task} for {@code images} images,
     * shown from the first of them (a phase served from a cache shows none).
     */
    FeatureProgress phase(String task, long images) {
        close();
        this.task = task;
        this.max = images;
        return this;
    }

    /** Shows the current phase's bar, if not yet shown (before the phase's first image is mapped). */
    private void start() {
        if (bar == null && task != null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(1000).showSpeed().setUnit(" img", 1).build();
        }
    }

    /** Counts {@code images} more images on the current phase's bar; the bar ends when the phase is complete. */
    private void advance(long images) {
        if (bar != null) {
            bar.stepBy(images);
            if (bar.getCurrent() >= max) {
                close();
            }
        }
    }

    /**
     * Maps (N, C, H, W) images {@value #CHUNK} at a time with {@code map}, counting them on the current phase's bar.
     *
     * @param map      one row per image of its input
     * @param newArray allocates the N result rows
     */
    <T> T[] mapInChunks(NDArray images, Function<NDArray, T[]> map, IntFunction<T[]> newArray) {
        int n = (int) images.getShape().get(0);
        T[] out = newArray.apply(n);
        start();
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            try (NDManager part = images.getManager().newSubManager()) {
                NDArray slice = images.get(from + ":" + to);
                slice.attach(part);
                System.arraycopy(map.apply(slice), 0, out, from, to - from);
            }
            advance(to - from);
        }
        return out;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String metricName() {
        return inner.metricName();
    }

    /** The inner extractor's features, {@value #CHUNK} images at a time, so that the bar moves at least that often. */
    @Override
    public float[][] features(NDArray images) {
        return mapInChunks(images, inner::features, float[][]::new);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        task = null;
    }
}
