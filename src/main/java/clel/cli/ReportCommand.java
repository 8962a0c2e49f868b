package clel.cli;

import clel.report.ReportResult;
import clel.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clel report RUN_DIR}: one self-contained HTML page (training curves, sample grids, evaluation tables
 * and plots, the end of train.log) that opens offline in a browser. Public so that it can be driven directly
 * with {@code new CommandLine(new ReportCommand())}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page about a run folder: summary, training curves, sample "
                + "grids, eval/*.json tables with their plots, and the end of train.log.",
            "Images are embedded, so the page can be opened offline or sent as one file. The curves are also "
                + "written to RUN_DIR/report/*.png."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run folder written by 'clel train'")
    Path runDir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "HTML file to write (default: RUN_DIR/report.html)")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!RunReport.isRunFolder(runDir)) {
            throw new IllegalArgumentException(runDir + ": not a clel run folder (no " + RunReport.METRICS + " or "
                    + RunReport.CONFIG + ")");
        }
        Path target = output != null ? output : runDir.resolve("report.html");
        ReportResult result = RunReport.write(runDir, target);
        PrintWriter out = spec.commandLine().getOut();
        out.println(result.html());
        if (!result.notes().isEmpty()) {
            spec.commandLine().getErr().printf("%d note%s in the report (missing or damaged pieces of the run folder)%n",
                    result.notes().size(), result.notes().size() == 1 ? "" : "s");
            spec.commandLine().getErr().flush();
        }
        out.flush();
        return 0;
    }
}
