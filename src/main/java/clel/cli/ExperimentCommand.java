package clel.cli;

import ai.djl.Device;
import clel.config.ConfigLoader;
import clel.config.EvalConfig;
import clel.experiment.ExperimentPlan;
import clel.experiment.ExperimentResults;
import clel.experiment.ExperimentRun;
import clel.experiment.ExperimentRunner;
import clel.experiment.RunEvaluator;
import clel.run.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clel experiment FILE}: every run of an experiment's grid, resumably, then its results table and page. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Train every run of an experiment (each variant with each grid combination, each in its own folder; "
                + "started again, it skips finished runs and continues unfinished ones; a failed run is recorded and the "
                + "others go on), measure each finished run (evaluate), then write results.md, results.json and the page "
                + "results.html (final energies, cosine, FD, rollbacks, skipped updates and the evaluations per run, "
                + "mean ± std over seeds with the 95%% interval; every run's final buffer grid; overlaid training curves).",
            "File: base: PRESET|FILE, overrides: [key=value, ...], variants: {name: [key=value, ...]}, "
                + "grid: {key: [values]}, evaluate: {...}, output: DIR.",
            "evaluate: ood: [sets], ood_beta: 0.1, ood_count: 2000; class_accuracy: true; compose: [\"red,large\"]; "
                + "classifier: auto, attribute_classifier: auto, samples_per_condition: 16, latent_images: 200, "
                + "sampling_steps/sampling_rounds: 0 (the run's), sampling_beta (default: the run's loss.beta); "
                + "knn: true, knn_k: 1, knn_reference: 2000, knn_queries: 1000.",
            "Presets (CPU scale, built-in data): ablation-negatives, ablation-beta, ablation-projector, "
                + "ablation-multihead, ablation-encoder, shapes-long-vs-baseline (the shapes-long recipe against its beta = 0 control), "
                + "capabilities (conditional, compositional and OOD use against the control), capabilities-fmnist "
                + "(the same on Fashion-MNIST, with its unseen classes as semantic OOD data)."})
final class ExperimentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|PRESET", description = "the experiment file (YAML) or a preset's name")
    String file;

    @Option(names = "--dry-run", description = "list the runs and their folders, train nothing")
    boolean dryRun;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "N", description = "train N runs at a time, dividing "
            + "the threads (CLEL_THREADS, default: the cores) between them; each run's console output then goes to "
            + "RUN/" + RunFolder.CONSOLE + " (default: ${DEFAULT-VALUE})")
    int parallel;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
        }
        Device dev = device.device(); // every run trains and is measured there
        PrintWriter out = spec.commandLine().getOut();
        ExperimentPlan plan = ExperimentPlan.load(file);
        List<ExperimentRun> runs = plan.runs();
        out.printf("experiment %s: %d run%s of %s into %s%n", plan.name(), runs.size(), runs.size() == 1 ? "" : "s",
                plan.base(), plan.output());
        if (dryRun) {
            for (ExperimentRun r : runs) {
                out.printf("  %3d  %-48s %s%n", r.index(), r.name(), r.folder());
            }
            out.flush();
            return 0;
        }
        plan.checkEvaluation();
        int threads = 0;
        if (parallel > 1) {
            int total = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
            threads = Math.max(1, total / parallel);
            out.printf("%d runs at a time, %d thread%s each (of %d)%s%n", parallel, threads, threads == 1 ? "" : "s", total,
                    parallel > total ? "; more runs than threads: the cores are oversubscribed" : "");
        }
        out.flush();
        int runThreads = threads;
        List<ExperimentRunner.Outcome> outcomes = ExperimentRunner.run(plan,
                (p, r, resume) -> train(p, r, resume, runThreads, device.name()), line -> {
                    out.println(line);
                    out.flush();
                }, parallel);
        boolean evaluationFailed = false;
        if (!plan.evaluate().columns().isEmpty()) {
            for (ExperimentRunner.Outcome o : outcomes) {
                if (o.status() == ExperimentRunner.Status.FAILED) {
                    continue;
                }
                String head = String.format("run %d/%d %s: ", o.run().index(), runs.size(), o.run().name());
                try {
                    if (!RunEvaluator.measureMissing(o.run(), plan.evaluate(), dev, line -> {
                        out.println(head + line);
                        out.flush();
                    })) {
                        out.println(head + "already measured");
                    }
                } catch (Exception e) {
                    evaluationFailed = true;
                    out.println(head + "evaluation FAILED: " + e.getMessage() + " (the other runs go on)");
                }
                out.flush();
            }
        }
        out.println(ExperimentResults.write(plan, outcomes));
        out.printf("wrote %s, %s and %s%n", plan.output().resolve(ExperimentResults.MARKDOWN),
                plan.output().resolve(ExperimentResults.JSON), plan.output().resolve(ExperimentResults.PAGE));
        out.flush();
        return evaluationFailed || outcomes.stream().anyMatch(o -> o.status() == ExperimentRunner.Status.FAILED) ? 1 : 0;
    }

    /**
     * The {@code clel train} command of a run: with {@code threads} &gt; 0 its training process uses that many threads
     * (DJL's num_threads and OMP_NUM_THREADS) and appends its console output to RUN/console.txt.
     */
    static TrainCommand trainCommand(ExperimentRun run, int threads) throws IOException {
        TrainCommand train = new TrainCommand();
        if (threads > 0) {
            train.childJvmOptions = List.of("-Dai.djl.pytorch.num_threads=" + threads);
            train.childEnvironment = Map.of("OMP_NUM_THREADS", String.valueOf(threads));
            Files.createDirectories(run.folder());
            train.childOutput = ProcessBuilder.Redirect.appendTo(new RunFolder(run.folder()).console().toFile());
        }
        return train;
    }

    /**
     * One run through {@code clel train} in this process (which supervises its own training process) on {@code device}
     * (a --device value); with {@code threads} &gt; 0 the training process uses that many threads and writes its
     * console output to RUN/console.txt.
     */
    private static void train(ExperimentPlan plan, ExperimentRun run, boolean resume, int threads, String device)
            throws IOException {
        List<String> args = new ArrayList<>();
        if (resume) {
            args.addAll(List.of("--resume", new RunFolder(run.folder()).lastCheckpoint().toString()));
            // the plan (the user's) names the Inception file; the checkpoint's copy of that name does not run
            EvalConfig eval = ConfigLoader.load(plan.base(), run.overrides()).eval();
            if (eval.usesInception()) {
                args.addAll(List.of("--inception", eval.inception()));
            }
        } else {
            args.add(plan.base());
            args.addAll(run.overrides());
        }
        args.addAll(List.of("-o", run.folder().toString(), DeviceOption.OPTION, device));
        CommandLine cl = new CommandLine(trainCommand(run, threads));
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        int rc = cl.execute(args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("clel train exited with " + rc + " (see " + new RunFolder(run.folder()).log() + ")");
        }
    }
}
