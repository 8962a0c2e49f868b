package clel.recovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's fatal error log ({@code hs_err_pid<pid>.log}, written when the JVM crashes: a signal in native code, or
 * an out-of-memory error under {@code -XX:+CrashOnOutOfMemoryError}), summarized in a few words.
 *
 * @param file           the log
 * @param cause          what happened, e.g. "SIGSEGV in [libtorch_cpu.so+0xeee1135] dnnl_primitive_execute+0x3a5"
 * @param duringShutdown whether the JVM was already shutting down (after a stop request such as SIGTERM or Ctrl-C:
 *                       native code still running while the process exits can crash)
 */
public record CrashReport(Path file, String cause, boolean duringShutdown) {
    /** Enough for the summary and the "VM state" line (about 200 lines into the log). */
    private static final int HEAD_BYTES = 1 << 18;
    private static final Pattern SHUTTING_DOWN = Pattern.compile("^VM state: .*\\(shutting down\\)", Pattern.MULTILINE);
    private static final Pattern SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\) at pc=[^,(]*(\\(sent by kill\\))?",
            Pattern.MULTILINE);
    private static final Pattern FATAL = Pattern.compile("^#\\s+fatal error: (.+)$", Pattern.MULTILINE);
    private static final Pattern FRAME = Pattern.compile("^# Problematic frame:\\s*\\n#\\s+[A-Za-z]\\s+(.+)$", Pattern.MULTILINE);
    private static final Pattern OUT_OF_MEMORY = Pattern.compile("OutOfMemory encountered: (.+)");
    /** How {@link #cause} begins for a Java OutOfMemoryError. */
    private static final String OUT_OF_MEMORY_CAUSE = "out of memory (";

    /**
     * Whether the JVM ended on a Java OutOfMemoryError (under -XX:+CrashOnOutOfMemoryError), as opposed to a signal or
     * another fatal error.
     */
    public boolean outOfMemory() {
        return cause.startsWith(OUT_OF_MEMORY_CAUSE);
    }

    /** The log's name for a process id. */
    public static String fileName(long pid) {
        return "hs_err_pid" + pid + ".log";
    }

    /** The JVM option that makes a JVM write its fatal error log into {@code dir}. */
    public static String errorFileOption(Path dir) {
        return "-XX:ErrorFile=" + dir.toAbsolutePath().resolve("hs_err_pid%p.log");
    }

    /** The fatal error log of process {@code pid} in {@code dir}, if that process wrote one. */
    public static Optional<CrashReport> find(Path dir, long pid) throws IOException {
        Path file = dir.resolve(fileName(pid));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        String text = new String(head, StandardCharsets.UTF_8);
        return Optional.of(new CrashReport(file, summarize(text), SHUTTING_DOWN.matcher(text).find()));
    }

    /** The cause stated at the top of a fatal error log. */
    static String summarize(String header) {
        String cause;
        Matcher signal = SIGNAL.matcher(header);
        Matcher fatal = FATAL.matcher(header);
        if (signal.find()) {
            cause = signal.group(1) + (signal.group(2) != null ? " " + signal.group(2) : "");
        } else if (fatal.find()) {
            Matcher oom = OUT_OF_MEMORY.matcher(fatal.group(1));
            cause = oom.find() ? OUT_OF_MEMORY_CAUSE + oom.group(1).trim() + ")" : "fatal error: " + fatal.group(1).trim();
        } else {
            return "a fatal error";
        }
        Matcher frame = FRAME.matcher(header);
        return frame.find() ? cause + " in " + frame.group(1).trim().replaceAll("\\s+", " ") : cause;
    }
}
