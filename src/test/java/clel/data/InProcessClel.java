package clel.data;

import clel.cli.Main;
import clel.cli.UserErrorHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * The crafted-file tests' way to run a clel command in this JVM, for the cases that allocate nothing large even
 * before the fix (a child JVM with a small heap, {@link ChildJvm}, is for those that did): the exit status and
 * what the command wrote, as a {@link ChildJvm.Result}.
 */
public final class InProcessClel {
    private InProcessClel() {
    }

    /** Runs {@code clel ARGS} as {@link Main#run} does, with its output and error stream captured. */
    public static ChildJvm.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        int code = cl.execute(args);
        return new ChildJvm.Result(code, out.toString(), err.toString());
    }
}
