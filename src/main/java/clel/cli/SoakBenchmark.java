package clel.cli;

import clel.config.ClelConfig;
import clel.config.ConfigLoader;
import clel.recovery.CrashReport;
import clel.recovery.ProcessExit;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code clel bench --soak}: trains the same configuration with the same seed several times, each run in its own JVM
 * (without crash recovery, so that crashes are counted, not hidden), cycling through thread counts, every other block
 * of runs under concurrent CPU load. Reports per run the wall time, how the process ended (with the JVM's fatal error
 * log if it crashed) and a digest of the final checkpoint's training state; at the end, the number of crashes and
 * whether the final checkpoints are bit-identical (all of them, or else those of each thread count).
 */
final class SoakBenchmark {
    /** The settings of a soak; {@code device} is the runs' --device value. */
    record Settings(String source, List<String> overrides, int runs, int iterations, List<Integer> threads, int loadThreads,
                    boolean recycleFreedMemory, Integer mallocPerturb, Path output, String device) {
    }

    /** What one run did. */
    record Run(int number, int threads, boolean loaded, double seconds, ProcessExit exit, List<Path> crashReports,
               String digest, String problem) {
    }

    private final Settings s;
    private final PrintWriter out;

    SoakBenchmark(Settings settings, PrintWriter out) {
        this.s = settings;
        this.out = out;
    }

    /** Runs the soak; 0 when no run crashed or failed and all final checkpoints are identical, else 1. */
    int run() throws IOException, InterruptedException {
        ClelConfig cfg = ConfigLoader.load(s.source(), s.overrides()); // configuration errors show here, once
        Path dir = s.output().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        out.printf(Locale.ROOT, "soak: %d runs x %d iterations of %s, seed %d, threads %s, load %s%s%s; runs in %s%n",
                s.runs(), s.iterations(), s.source() == null ? "tiny" : s.source(), cfg.seed(), s.threads(),
                s.loadThreads() > 0 ? s.loadThreads() + " busy threads in every other block of runs" : "off",
                s.recycleFreedMemory() ? ", recycling freed memory" : "",
                s.mallocPerturb() != null ? ", MALLOC_PERTURB_=" + s.mallocPerturb() : "", dir);
        out.println("run  threads  load  seed  seconds  end                              final state");
        out.flush();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < s.runs(); i++) {
            int threads = s.threads().get(i % s.threads().size());
            boolean loaded = s.loadThreads() > 0 && (i / s.threads().size()) % 2 == 1;
            Run r = runOnce(i + 1, threads, loaded, dir.resolve(String.format(Locale.ROOT, "run-%02d", i + 1)));
            runs.add(r);
            out.printf(Locale.ROOT, "%-4d %-8d %-5s %-5d %-8.1f %-32s %s%n", r.number(), r.threads(), r.loaded() ? "on" : "off",
                    cfg.seed(), r.seconds(), ending(r), r.digest() != null ? r.digest().substring(0, 16) : "-");
            for (Path hs : r.crashReports()) {
                out.println("     crash report: " + hs);
            }
            out.flush();
        }
        return summarize(runs);
    }

    private static String ending(Run r) {
        return r.problem() != null ? r.problem() : "ok";
    }

    private Run runOnce(int number, int threads, boolean loaded, Path runDir) throws IOException, InterruptedException {
        Files.createDirectories(runDir);
        List<String> args = new ArrayList<>(List.of("train"));
        if (s.source() != null) {
            args.add(s.source());
        }
        args.addAll(s.overrides());
        args.addAll(List.of("--iterations", String.valueOf(s.iterations()), "--output", runDir.toString(), "--max-restarts", "0",
                DeviceOption.OPTION, s.device()));
        List<String> options = new ArrayList<>(List.of("-Dai.djl.pytorch.num_threads=" + threads, CrashReport.errorFileOption(runDir)));
        if (s.recycleFreedMemory()) {
            options.add("-Dclel.debug.recycle_freed_memory=true");
        }
        ProcessBuilder pb = new ProcessBuilder(JavaCommand.current().withOptions(options).command(Main.class.getName(), args));
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        if (s.mallocPerturb() != null) {
            pb.environment().put("MALLOC_PERTURB_", String.valueOf(s.mallocPerturb()));
        }
        Path console = runDir.resolve("console.log");
        pb.redirectErrorStream(true).redirectOutput(console.toFile());
        long t0 = System.nanoTime();
        int code;
        try (CpuLoad load = new CpuLoad(loaded ? s.loadThreads() : 0)) {
            Process p = pb.start();
            Thread stop = new Thread(p::destroyForcibly, "clel-stop-soak-run"); // Ctrl-C or kill of the soak ends the run
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                code = p.waitFor();
            } finally {
                p.destroyForcibly();
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Path> reports;
        try (Stream<Path> files = Files.list(runDir)) {
            reports = files.filter(f -> f.getFileName().toString().matches("hs_err_pid\\d+\\.log")).sorted().toList();
        }
        Optional<CrashReport> report = Optional.empty();
        if (!reports.isEmpty()) {
            String name = reports.get(0).getFileName().toString();
            report = CrashReport.find(runDir, Long.parseLong(name.replaceAll("\\D", "")));
        }
        ProcessExit exit = new ProcessExit(code, report);
        String digest = null;
        String problem = switch (exit.kind()) {
            case SUCCESS -> null;
            case CRASHED -> "CRASH: " + exit.describe();
            default -> "failed: " + exit.describe() + " (see " + console + ")";
        };
        if (problem == null) {
            Path last = runDir.resolve(RunFolder.LAST_CHECKPOINT);
            long at = Checkpoint.iterationOf(last);
            if (at != s.iterations()) {
                problem = "final checkpoint at iteration " + at + ", expected " + s.iterations();
            } else {
                digest = Checkpoint.read(last).stateDigest();
            }
        }
        return new Run(number, threads, loaded, seconds, exit, reports, digest, problem);
    }

    /**
     * Prints the crash count and the comparison of final checkpoints: overall, and per thread count when they differ
     * (libtorch's sums run in another order on another number of threads). Returns 0 when no run crashed or failed
     * and the runs of each thread count ended bit-identical, else 1.
     */
    int summarize(List<Run> runs) {
        long crashes = runs.stream().filter(r -> r.exit().kind() == ProcessExit.Kind.CRASHED).count();
        long failed = runs.stream().filter(r -> r.problem() != null).count() - crashes;
        out.printf(Locale.ROOT, "crashes: %d of %d runs%s%n", crashes, runs.size(), failed > 0 ? "; other failures: " + failed : "");
        List<Run> finished = runs.stream().filter(r -> r.digest() != null).toList();
        Map<String, List<Integer>> all = byDigest(finished);
        boolean identicalPerThreads = true;
        if (all.isEmpty()) {
            out.println("final checkpoints: none to compare");
        } else if (all.size() == 1) {
            out.printf(Locale.ROOT, "final checkpoints: all %d %s bit-identical (training state sha256 %s)%n", finished.size(),
                    finished.size() == runs.size() ? "runs" : "finished runs", all.keySet().iterator().next());
        } else {
            out.printf(Locale.ROOT, "final checkpoints: %d different training states%n", all.size());
            for (int t : s.threads().stream().distinct().toList()) {
                Map<String, List<Integer>> states = byDigest(finished.stream().filter(r -> r.threads() == t).toList());
                identicalPerThreads &= states.size() <= 1;
                out.printf(Locale.ROOT, "  with %d thread%s: %s%n", t, t == 1 ? "" : "s", states.size() <= 1
                        ? "bit-identical, " + describe(states) : "NOT identical: " + describe(states));
            }
        }
        out.flush();
        return crashes == 0 && failed == 0 && identicalPerThreads ? 0 : 1;
    }

    private static Map<String, List<Integer>> byDigest(List<Run> runs) {
        Map<String, List<Integer>> by = new LinkedHashMap<>();
        for (Run r : runs) {
            by.computeIfAbsent(r.digest(), d -> new ArrayList<>()).add(r.number());
        }
        return by;
    }

    private static String describe(Map<String, List<Integer>> states) {
        return states.entrySet().stream().map(e -> "runs " + e.getValue().stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + " " + e.getKey().substring(0, 16)).collect(Collectors.joining("; "));
    }
}
