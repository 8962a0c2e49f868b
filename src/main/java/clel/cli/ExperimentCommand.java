package clel.cli;

import clel.experiment.ExperimentPlan;
import clel.experiment.ExperimentResults;
import clel.experiment.ExperimentRun;
import clel.experiment.ExperimentRunner;
import clel.run.RunFolder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clel experiment FILE}: every run of an experiment's grid, resumably, then its results table and page. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Train every run of an experiment (each variant with each grid combination, each in its own folder; "
                + "started again, it skips finished runs and continues unfinished ones; a failed run is recorded and the "
                + "others go on), measure each finished run (evaluate), then write results.md, results.json and the page "
                + "results.html (final energies, cosine, FD, rollbacks, skipped updates and the evaluations per run, "
                + "mean ± std over seeds; every run's final buffer grid; overlaid training curves).",
            "File: base: PRESET|FILE, overrides: [key=value, ...], variants: {name: [key=value, ...]}, "
                + "grid: {key: [values]}, evaluate: {...}, output: DIR.",
            "evaluate: ood: [sets], ood_beta: 0.1, ood_count: 2000; class_accuracy: true; compose: [\"red,large\"]; "
                + "classifier: auto, attribute_classifier: auto, samples_per_condition: 16, latent_images: 200, "
                + "sampling_steps/sampling_rounds: 0 (the run's), sampling_beta (default: the run's loss.beta); "
                + "knn: true, knn_k: 1, knn_reference: 2000, knn_queries: 1000.",
            "Presets (CPU scale, built-in data): ablation-negatives, ablation-beta, ablation-projector, "
                + "ablation-multihead, ablation-encoder."})
final class ExperimentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|PRESET", description = "the experiment file (YAML) or a preset's name")
    String file;

    @Option(names = "--dry-run", description = "list the runs and their folders, train nothing")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
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
        out.flush();
        List<ExperimentRunner.Outcome> outcomes = ExperimentRunner.run(plan, ExperimentCommand::train, line -> {
            out.println(line);
            out.flush();
        });
        boolean evaluationFailed = false;
        if (!plan.evaluate().columns().isEmpty()) {
            for (ExperimentRunner.Outcome o : outcomes) {
                if (o.status() == ExperimentRunner.Status.FAILED) {
                    continue;
                }
                String head = String.format("run %d/%d %s: ", o.run().index(), runs.size(), o.run().name());
                try {
                    if (!plan.evaluate().measure(o.run(), line -> {
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

    /** One run through {@code clel train} in this process (which supervises its own training process). */
    private static void train(ExperimentPlan plan, ExperimentRun run, boolean resume) {
        List<String> args = new ArrayList<>(List.of("train"));
        if (resume) {
            args.addAll(List.of("--resume", new RunFolder(run.folder()).lastCheckpoint().toString()));
        } else {
            args.add(plan.base());
            args.addAll(run.overrides());
        }
        args.addAll(List.of("-o", run.folder().toString()));
        int rc = Main.run(args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("clel train exited with " + rc + " (see " + new RunFolder(run.folder()).log() + ")");
        }
    }
}
