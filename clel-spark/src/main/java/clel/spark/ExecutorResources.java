package clel.spark;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import clel.cli.DeviceOption;
import clel.evaluation.FeatureExtractorFile;
import clel.model.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models an executor JVM has loaded, kept for the JVM's lifetime: a checkpoint (or a feature extractor file)
 * is read once per executor JVM and device, from a path every node can see, however many tasks use it. Loading sets
 * DJL up for executors first: offline unless configured otherwise (libtorch comes from the pytorch-native-cpu jar on
 * the class path, or from PYTORCH_LIBRARY_PATH for the CUDA build, never from a download) and, unless configured
 * already, one inter-op thread and {@code CLEL_THREADS} intra-op threads.
 *
 * <p>DJL's PyTorch engine has one global random generator and allows one open gradient collector at a time, so the
 * tasks of one JVM use a model one at a time (callers synchronize on {@link TrainedModel#lock()} or on the extractor);
 * parallelism comes from executors, and within a task from libtorch's intra-op threads.
 */
public final class ExecutorResources {
    private static final Map<String, TrainedModel> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, FeatureExtractorFile> EXTRACTORS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

    private ExecutorResources() {
    }

    /**
     * The trained model of {@code checkpoint}, EMA or live weights, on {@code device} (a --device value, checked on
     * this executor: {@link DeviceOption#parse}), loaded on first use in this JVM.
     */
    public static TrainedModel model(String checkpoint, boolean ema, String device) {
        String file = (ema ? "ema:" : "live:") + Path.of(checkpoint).toAbsolutePath().normalize();
        return MODELS.computeIfAbsent(file + "@" + device, k -> {
            configureEngine();
            Device d = DeviceOption.parse(device);
            LOADS.computeIfAbsent(file, x -> new AtomicInteger()).incrementAndGet();
            try {
                return TrainedModel.load(Path.of(checkpoint), ema, d);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The Frechet-distance feature extractor of a classifier file or an Inception file (one of them null) on
     * {@code device} (a --device value).
     */
    public static FeatureExtractorFile extractor(String classifier, String inception, String device) {
        String key = (classifier != null ? "classifier:" + Path.of(classifier).toAbsolutePath().normalize()
                : "inception:" + Path.of(inception).toAbsolutePath().normalize()) + "@" + device;
        return EXTRACTORS.computeIfAbsent(key, k -> {
            configureEngine();
            Device d = DeviceOption.parse(device);
            LOADS.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
            try {
                return FeatureExtractorFile.open(classifier == null ? null : Path.of(classifier),
                        inception == null ? null : Path.of(inception), NDManager.newBaseManager(d));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** How many times this JVM has loaded the checkpoint's weights (EMA or live), on any device: 0 or 1 per device. */
    public static int checkpointLoads(String checkpoint, boolean ema) {
        AtomicInteger n = LOADS.get((ema ? "ema:" : "live:") + Path.of(checkpoint).toAbsolutePath().normalize());
        return n == null ? 0 : n.get();
    }

    private static void configureEngine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        String threads = System.getenv("CLEL_THREADS");
        if (System.getProperty("ai.djl.pytorch.num_threads") == null && threads != null && !threads.isBlank()) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.trim());
        }
    }
}
