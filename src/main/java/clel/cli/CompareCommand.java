package clel.cli;

import clel.experiment.ExperimentResults;
import clel.experiment.RunComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clel compare RUN_A RUN_B ...}: the results table and page of an experiment, for runs made by hand. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare run folders made by hand as an experiment's runs are: results.md, results.json and the page "
                + "results.html (final energies, cosine, FD, rollbacks, skipped updates and any measures an experiment "
                + "stored in RUN/eval/experiment.json; every run's final buffer grid; overlaid training curves).",
            "Runs whose config.yaml differ only in their seed form a group (mean ± std); runs that have not reached "
                + "their iterations are marked unfinished and left out of the means."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "run folders written by 'clel train'")
    List<Path> runs;

    @Option(names = {"-o", "--output"}, defaultValue = "runs/compare", paramLabel = "DIR",
            description = "folder of the results (default: ${DEFAULT-VALUE})")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println(RunComparison.write(runs, output));
        out.printf("wrote %s, %s and %s%n", output.resolve(ExperimentResults.MARKDOWN),
                output.resolve(ExperimentResults.JSON), output.resolve(ExperimentResults.PAGE));
        out.flush();
        return 0;
    }
}
