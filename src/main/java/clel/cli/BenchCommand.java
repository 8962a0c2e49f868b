package clel.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import clel.config.ClelConfig;
import clel.config.ConfigLoader;
import clel.data.BatchPrefetcher;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.data.PreparedBatch;
import clel.encoder.EncoderObjective;
import clel.model.ClelNetworks;
import clel.sampling.Sgld;
import clel.training.DataFittedConfig;
import clel.training.ResidentMemoryWriter;
import clel.training.StepMetrics;
import clel.training.StepPhase;
import clel.training.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clel bench}: speed and memory of sampling, training and the data pipeline, as numbers. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure ms per SGLD step and per training iteration, samples/s, data-pipeline images/s and "
                + "memory (resident set over repeated SGLD steps) for a preset and batch size.",
                "With --soak RUNS ITERATIONS: train RUNS times with the same seed, each in its own process, and report "
                + "crashes and whether all final checkpoints are bit-identical."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "CONFIG|key=value", description = "preset or YAML file, then overrides (default tiny)")
    List<String> args = new ArrayList<>();

    @Option(names = "--sgld-steps", defaultValue = "500", description = "SGLD steps for the memory check (default: ${DEFAULT-VALUE})")
    int sgldSteps;

    @Option(names = "--train-iterations", defaultValue = "10", description = "timed training iterations (default: ${DEFAULT-VALUE})")
    int trainIterations;

    @Option(names = "--soak", arity = "2", paramLabel = "N", description = "soak test: RUNS training runs of ITERATIONS "
            + "iterations each, same seed, separate processes (see README)")
    int[] soak;

    @Option(names = "--threads", split = ",", paramLabel = "T", description = "soak: thread counts cycled over the runs, "
            + "e.g. 1,2 (default: this process's, ${sys:ai.djl.pytorch.num_threads})")
    List<Integer> soakThreads;

    @Option(names = "--load", paramLabel = "K", description = "soak: busy-loop threads competing for the CPU during every "
            + "other block of runs (default: one per core; 0 = no load)")
    Integer soakLoad;

    @Option(names = "--recycle-freed-memory", description = "soak: train with -Dclel.debug.recycle_freed_memory=true")
    boolean soakRecycle;

    @Option(names = "--malloc-perturb", paramLabel = "BYTE", description = "soak: train with MALLOC_PERTURB_=BYTE (glibc "
            + "fills freed memory with it)")
    Integer soakMallocPerturb;

    @Option(names = "--soak-dir", defaultValue = "runs/soak", paramLabel = "DIR", description = "soak: parent folder of "
            + "the run folders (default: ${DEFAULT-VALUE})")
    Path soakDir;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ConfigArguments parsed = ConfigArguments.parse(args);
        Device dev = device.device();
        if (soak != null) {
            return soak(parsed);
        }
        if (soakThreads != null || soakLoad != null || soakRecycle || soakMallocPerturb != null) {
            throw new IllegalArgumentException("--threads, --load, --recycle-freed-memory and --malloc-perturb apply to --soak only");
        }
        ClelConfig cfg = ConfigLoader.load(parsed.source(), parsed.overrides());
        PrintWriter out = spec.commandLine().getOut();
        ImageSet data = Activity.loadData(cfg.data(), true, cfg.model().imageSize()).images();
        cfg = DataFittedConfig.resolve(cfg, data);
        cfg = EncoderObjective.pinned(cfg); // the user's configuration names the files its objective runs
        int batch = cfg.optim().batchSize();
        out.printf(Locale.ROOT, "model %s, batch %d, encoder batch %d, SGLD steps/iteration %d, threads %s, device %s%n",
                cfg.model().size(), batch, cfg.optim().encoderBatchSize(), cfg.sampler().steps(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"), device.name());

        // SGLD steps with frozen parameters: time and resident memory
        double sgldMs;
        long convMacs;
        PeakThroughput peak;
        List<String> rss = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(dev)) {
            Engine.getInstance().setRandomSeed(1);
            ClelNetworks nets = ClelNetworks.create(cfg, m);
            ParameterStore ps = new ParameterStore(m, false);
            Sgld sgld = Sgld.of(cfg.sampler());
            NDArray x = m.randomUniform(0f, 1f, new Shape(batch, cfg.model().channels(), cfg.model().imageSize(),
                    cfg.model().imageSize()));
            for (int i = 0; i < 5; i++) {
                NDArray next = sgld.step(xi -> nets.ebm().evaluate(ps, xi, false).marginal(), x, nets.ebm());
                x.close();
                x = next;
            }
            long s0 = System.nanoTime();
            for (int i = 1; i <= sgldSteps; i++) {
                NDArray next = sgld.step(xi -> nets.ebm().evaluate(ps, xi, false).marginal(), x, nets.ebm());
                x.close();
                x = next;
                if (i % Math.max(1, sgldSteps / 5) == 0) {
                    rss.add(i + ": " + mb(ResidentMemoryWriter.statusKb("VmRSS")) + " MB");
                }
            }
            sgldMs = (System.nanoTime() - s0) / 1e6 / sgldSteps;
            convMacs = nets.ebm().featureNetwork().convolutionMultiplyAccumulates(cfg.model().imageSize());
            peak = PeakThroughput.measure(m);
        }

        // full training iterations (Algorithm 1), first two as warm-up; time per phase, GC time, checkpoint cost
        Path tmp = Files.createTempDirectory("clel-bench");
        double iterMs;
        double[] phaseSeconds = new double[StepPhase.values().length];
        double checkpointMs;
        long gcBefore = gcMillis();
        try (Trainer trainer = Trainer.start(cfg, data, tmp, dev)) {
            trainer.step();
            trainer.step();
            gcBefore = gcMillis();
            long s0 = System.nanoTime();
            for (int i = 0; i < trainIterations; i++) {
                StepMetrics m = trainer.step();
                for (StepPhase p : StepPhase.values()) {
                    phaseSeconds[p.ordinal()] += m.phases().seconds(p);
                }
            }
            iterMs = (System.nanoTime() - s0) / 1e6 / trainIterations;
            long c0 = System.nanoTime();
            trainer.save(tmp.resolve("bench.ckpt"));
            checkpointMs = (System.nanoTime() - c0) / 1e6;
        }
        double gcMs = (gcMillis() - gcBefore) / (double) trainIterations;
        // data pipeline (measured last: its worker thread must not compete with the timed tensor work)
        //: batches prepared by the background prefetcher, as training consumes them
        BatchSampler sampler = new BatchSampler(data.count(), batch, cfg.seed());
        int batches = 400;
        long t0 = System.nanoTime();
        try (BatchPrefetcher pf = new BatchPrefetcher(data, sampler, 0, 8)) {
            for (int i = 0; i < batches; i++) {
                PreparedBatch b = pf.next();
                if (b.size() != batch) {
                    throw new IllegalStateException("short batch");
                }
            }
        }
        double dataRate = batches * (double) batch / ((System.nanoTime() - t0) / 1e9);

        double trainRate = batch / (iterMs / 1000);
        out.printf(Locale.ROOT, "SGLD step (forward + input gradient, batch %d): %.1f ms  (%.0f chain-steps/s)%n",
                batch, sgldMs, batch / (sgldMs / 1000));
        // f's convolutions: 2 FLOP per multiply-accumulate, forward and input gradient about equal
        double sgldGflop = 4.0 * convMacs * batch / 1e9;
        double sgldRate = sgldGflop / (sgldMs / 1000);
        out.printf(Locale.ROOT, "  f's convolutions: %.2f GFLOP per SGLD step (forward + input gradient) = %.1f GFLOP/s, "
                + "%.0f%% of the measured FP32 matmul peak (%.1f GFLOP/s) and %.0f%% of a 3x3 convolution's (%.1f GFLOP/s "
                + "contiguous, %.1f channels-last; model.channels_last=%s)%n", sgldGflop, sgldRate,
                100 * sgldRate / peak.matmul(), peak.matmul(),
                100 * sgldRate / Math.max(peak.convolution(), peak.convolutionChannelsLast()), peak.convolution(),
                peak.convolutionChannelsLast(), cfg.model().channelsLast());
        out.printf(Locale.ROOT, "training iteration (%d SGLD steps + update): %.1f ms  (%.2f it/s, %.0f data samples/s)%n",
                cfg.sampler().steps(), iterMs, 1000 / iterMs, trainRate);
        out.printf(Locale.ROOT, "time per phase of a training iteration (mean of %d):%n", trainIterations);
        double accounted = 0;
        for (StepPhase p : StepPhase.values()) {
            double ms = phaseSeconds[p.ordinal()] * 1000 / trainIterations;
            accounted += ms;
            out.printf(Locale.ROOT, "  %-22s %8.1f ms  %5.1f%%%n", p.label(), ms, 100 * ms / iterMs);
        }
        double perCheckpoint = checkpointMs / cfg.log().checkpointEvery();
        out.printf(Locale.ROOT, "  %-22s %8.1f ms  %5.1f%%%n", "other (metrics, glue)", iterMs - accounted,
                100 * (iterMs - accounted) / iterMs);
        out.printf(Locale.ROOT, "  %-22s %8.1f ms  (one checkpoint %.0f ms every %d iterations)%n", "checkpoint, amortised",
                perCheckpoint, checkpointMs, cfg.log().checkpointEvery());
        out.printf(Locale.ROOT, "  %-22s %8.1f ms  (JVM garbage collection during the timed iterations)%n", "GC", gcMs);
        out.printf(Locale.ROOT, "data pipeline (prefetcher, batch %d): %.0f images/s = %.0fx what training consumes%n",
                batch, dataRate, dataRate / (trainRate * (1 + cfg.optim().encoderBatchSize() / (double) batch)));
        out.printf(Locale.ROOT, "resident memory over %d SGLD steps: %s%n", sgldSteps, String.join(", ", rss));
        out.printf(Locale.ROOT, "peak resident memory: %s MB%n", mb(ResidentMemoryWriter.statusKb("VmHWM")));
        out.flush();
        return 0;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private int soak(ConfigArguments parsed) throws IOException {
        if (soak[0] < 1 || soak[1] < 1) {
            throw new IllegalArgumentException("--soak RUNS ITERATIONS: both must be >= 1, got " + soak[0] + " " + soak[1]);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> threads = soakThreads != null ? soakThreads
                : List.of(Integer.getInteger("ai.djl.pytorch.num_threads", cores));
        if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("--threads: thread counts must be >= 1, got " + threads);
        }
        int load = soakLoad != null ? soakLoad : cores;
        if (load < 0) {
            throw new IllegalArgumentException("--load must be >= 0, got " + load);
        }
        if (soakMallocPerturb != null && (soakMallocPerturb < 0 || soakMallocPerturb > 255)) {
            throw new IllegalArgumentException("--malloc-perturb must be a byte value 0-255, got " + soakMallocPerturb);
        }
        var settings = new SoakBenchmark.Settings(parsed.source(), parsed.overrides(), soak[0], soak[1], threads, load,
                soakRecycle, soakMallocPerturb, soakDir, device.name());
        try {
            return new SoakBenchmark(settings, spec.commandLine().getOut()).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static String mb(long kb) {
        return kb < 0 ? "n/a" : String.valueOf(kb / 1024);
    }

}
