package clel.cli;

import clel.experiment.ExperimentPlan;
import clel.experiment.ExperimentResults;
import clel.experiment.ExperimentRun;
import clel.experiment.ExperimentRunner;
import clel.run.RunFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clel experiment FILE}: every run of an experiment's grid, resumably, then its results table. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Train every run of an experiment (each variant with each grid combination, each in its own folder, "
                + "one after the other; started again, it skips finished runs and continues unfinished ones; a failed run "
                + "is recorded and the others go on), measure each finished run (evaluate: OOD AUROC of eq. 14), then "
                + "write results.md and results.json (final energies, cosine, FD, rollbacks, skipped updates and the "
                + "evaluations per run, mean ± std over seeds).",
            "File: base: PRESET|FILE, overrides: [key=value, ...], variants: {name: [key=value, ...]}, "
                + "grid: {key: [values]}, evaluate: {ood: [sets], ood_beta: 0.1, ood_count: 2000}, output: DIR.",
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
        out.flush();
        List<ExperimentRunner.Outcome> outcomes = ExperimentRunner.run(plan, ExperimentCommand::train, line -> {
            out.println(line);
            out.flush();
        });
        for (ExperimentRunner.Outcome o : outcomes) {
            if (o.status() != ExperimentRunner.Status.FAILED && !plan.evaluate().ood().isEmpty()) {
                out.printf("run %d/%d %s: measuring OOD AUROC%n", o.run().index(), runs.size(), o.run().name());
                out.flush();
                out.printf("run %d/%d %s: %s%n", o.run().index(), runs.size(), o.run().name(),
                        plan.evaluate().measure(o.run()) ? "measured" : "already measured");
            }
        }
        out.println(ExperimentResults.write(plan, outcomes));
        out.printf("wrote %s and %s%n", plan.output().resolve("results.md"), plan.output().resolve("results.json"));
        out.flush();
        return outcomes.stream().anyMatch(o -> o.status() == ExperimentRunner.Status.FAILED) ? 1 : 0;
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
