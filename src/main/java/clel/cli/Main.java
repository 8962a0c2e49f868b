package clel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code clel} command-line tool. */
@Command(name = "clel", mixinStandardHelpOptions = true, version = "clel 0.1.0",
        description = "Energy-based models guided by contrastive latent variables (Lee et al., ICLR 2023).",
        subcommands = {InfoCommand.class, TrainCommand.class, ExperimentCommand.class, CompareCommand.class,
            BenchCommand.class, SampleCommand.class, RestoreCommand.class, OodCommand.class, DataCommand.class,
            AnalyzeCommand.class, ReportCommand.class, ClassifierCommand.class, FdCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code (user mistakes and running out of memory: 2, with a one-line message). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) { // the stack is unwound: what filled the heap can be collected now
            cl.getErr().println(UserErrorHandler.outOfMemory(e));
            cl.getErr().flush();
            return 2;
        }
    }
}
