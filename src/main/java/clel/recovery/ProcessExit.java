package clel.recovery;

import java.util.Optional;
import java.util.Set;

/**
 * How a training process ended, from its exit status (Java reports death by signal S as 128 + S) and its fatal error
 * log, if it wrote one.
 *
 * @param code   exit status
 * @param report the JVM's fatal error log, when it crashed and wrote one
 */
public record ProcessExit(int code, Optional<CrashReport> report) {
    private static final String[] SIGNALS = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
        "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
    /** Signals of a crash: a fault in native code, an abort (the JVM's own after a fatal error), a kill from outside. */
    private static final Set<String> CRASH_SIGNALS = Set.of("SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
            "SIGSEGV", "SIGSYS");
    /** Signals of someone stopping the process on purpose (Ctrl-C, kill, a closed terminal). */
    private static final Set<String> STOP_SIGNALS = Set.of("SIGHUP", "SIGINT", "SIGTERM");

    /** What kind of end it was. */
    public enum Kind {
        /** exit status 0 */
        SUCCESS,
        /** an ordinary error exit (bad input, a divergence stop, an exception) */
        FAILURE,
        /** stopped by the user (SIGINT, SIGTERM, SIGHUP), including a crash while the JVM was shutting down after that */
        STOPPED,
        /** died from a fault, an abort, SIGKILL or a JVM fatal error (such as out of memory) */
        CRASHED
    }

    public ProcessExit {
        report = report == null ? Optional.empty() : report;
    }

    public static ProcessExit of(int code) {
        return new ProcessExit(code, Optional.empty());
    }

    /** The signal that ended the process ("SIGSEGV"), or empty for an ordinary exit. */
    public Optional<String> signal() {
        int s = code - 128;
        return s > 0 && s < SIGNALS.length ? Optional.of(SIGNALS[s]) : Optional.empty();
    }

    public Kind kind() {
        if (report.isPresent()) {
            return report.get().duringShutdown() ? Kind.STOPPED : Kind.CRASHED;
        }
        if (code == 0) {
            return Kind.SUCCESS;
        }
        String s = signal().orElse("");
        return CRASH_SIGNALS.contains(s) ? Kind.CRASHED : STOP_SIGNALS.contains(s) ? Kind.STOPPED : Kind.FAILURE;
    }

    /** Whether the process ended on a Java OutOfMemoryError (its fatal error log says so). */
    public boolean outOfMemory() {
        return report.isPresent() && report.get().outOfMemory();
    }

    /** In words, e.g. "SIGSEGV in [libtorch_cpu.so+0xeee1135] ... (exit 134; crash report RUN/hs_err_pid1.log)". */
    public String describe() {
        if (report.isPresent()) {
            return report.get().cause() + (report.get().duringShutdown() ? " while the JVM was shutting down" : "")
                    + " (exit " + code + "; crash report " + report.get().file() + ")";
        }
        Optional<String> s = signal();
        if (s.isEmpty()) {
            return "exit status " + code;
        }
        return s.get() + " (exit " + code + (s.get().equals("SIGKILL")
                ? "; killed from outside, e.g. by the kernel's out-of-memory killer)" : ")");
    }
}
