package clel.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessExitTest {
    /** Parts of one of the two fatal error logs of issue 10 (a training run sent SIGTERM, November 2026). */
    static final String TORCH_CRASH = """
            #
            # A fatal error has been detected by the Java Runtime Environment:
            #
            #  SIGSEGV (0xb) at pc=0x0000000000000000, pid=21168, tid=21273
            #
            # JRE version: OpenJDK Runtime Environment (17.0.15+6) (build 17.0.15+6-Debian-1deb12u1)
            # Java VM: OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1, mixed mode, sharing, tiered, compressed oops)
            # Problematic frame:
            # C  [libtorch_cpu.so+0xeee1135]  dnnl_primitive_execute+0x3a5
            #
            """;
    static final String TORCH_CRASH_THREADS = """
            Java Threads: ( => current thread )
            =>0x00007f375c018370 JavaThread "main" [_thread_in_native, id=21273, stack(0x00007f3762500000,0x00007f3762600000)]
              0x00007f36d4000fc0 JavaThread "SIGTERM handler" daemon [_thread_blocked, id=22166, stack(0x00007f36ea300000)]

            VM state: at safepoint (shutting down)
            """;
    /** As written after {@code kill -SEGV} (measured with OpenJDK 17.0.15). */
    static final String KILLED = """
            #  SIGSEGV (0xb) at pc=0x00007f850e32ef14 (sent by kill), pid=9482, tid=9482
            #
            # Problematic frame:
            # C  [libc.so.6+0x85f14]
            """;
    /** As written under -XX:+CrashOnOutOfMemoryError (measured). */
    static final String OUT_OF_MEMORY = """
            # A fatal error has been detected by the Java Runtime Environment:
            #
            #  Internal Error (debug.cpp:362), pid=10382, tid=10383
            #  fatal error: OutOfMemory encountered: Java heap space
            #
            """;

    @Test
    void exitStatusesAreSortedIntoCrashesStopsAndOrdinaryEnds() {
        assertEquals(ProcessExit.Kind.SUCCESS, ProcessExit.of(0).kind());
        for (int code : new int[] {1, 2, 3, 127}) {
            assertEquals(ProcessExit.Kind.FAILURE, ProcessExit.of(code).kind(), "exit " + code);
        }
        for (int code : new int[] {132, 133, 134, 135, 136, 137, 139}) {
            assertEquals(ProcessExit.Kind.CRASHED, ProcessExit.of(code).kind(), "exit " + code);
        }
        for (int code : new int[] {129, 130, 143}) {
            assertEquals(ProcessExit.Kind.STOPPED, ProcessExit.of(code).kind(), "exit " + code);
        }
        assertEquals(ProcessExit.Kind.FAILURE, ProcessExit.of(138).kind(), "SIGUSR1 is not a crash");
        assertEquals(Optional.of("SIGSEGV"), ProcessExit.of(139).signal());
        assertEquals(Optional.empty(), ProcessExit.of(3).signal());
        assertEquals("SIGSEGV (exit 139)", ProcessExit.of(139).describe());
        assertEquals("SIGKILL (exit 137; killed from outside, e.g. by the kernel's out-of-memory killer)",
                ProcessExit.of(137).describe());
        assertEquals("exit status 2", ProcessExit.of(2).describe());
    }

    @Test
    void aFatalErrorLogMakesACrashAndNamesItsCause(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("hs_err_pid21168.log"), TORCH_CRASH + "\n---------------  S U M M A R Y ------------\n"
                + "\nVM state: not at safepoint (normal execution)\n");
        CrashReport report = CrashReport.find(dir, 21168).orElseThrow();
        assertEquals("SIGSEGV in [libtorch_cpu.so+0xeee1135] dnnl_primitive_execute+0x3a5", report.cause());
        assertFalse(report.duringShutdown());
        ProcessExit exit = new ProcessExit(134, Optional.of(report));
        assertEquals(ProcessExit.Kind.CRASHED, exit.kind());
        assertEquals("SIGSEGV in [libtorch_cpu.so+0xeee1135] dnnl_primitive_execute+0x3a5 (exit 134; crash report "
                + dir.resolve("hs_err_pid21168.log") + ")", exit.describe());
        assertEquals(Optional.empty(), CrashReport.find(dir, 1));

        assertEquals("SIGSEGV (sent by kill) in [libc.so.6+0x85f14]", CrashReport.summarize(KILLED));
        assertEquals("out of memory (Java heap space)", CrashReport.summarize(OUT_OF_MEMORY));
        assertEquals("a fatal error", CrashReport.summarize("garbage"));
        Files.writeString(dir.resolve("hs_err_pid7.log"), OUT_OF_MEMORY);
        assertTrue(new ProcessExit(134, CrashReport.find(dir, 7)).outOfMemory(), "a Java OutOfMemoryError");
        assertFalse(exit.outOfMemory(), "a signal is no OutOfMemoryError");
        // the same crash in a JVM that was shutting down (after SIGTERM): a stop, not a crash to recover from
        Files.writeString(dir.resolve("hs_err_pid21168.log"), TORCH_CRASH + "x".repeat(50_000) + TORCH_CRASH_THREADS);
        CrashReport stopping = CrashReport.find(dir, 21168).orElseThrow();
        assertTrue(stopping.duringShutdown());
        ProcessExit stopped = new ProcessExit(134, Optional.of(stopping));
        assertEquals(ProcessExit.Kind.STOPPED, stopped.kind());
        assertTrue(stopped.describe().startsWith("SIGSEGV in [libtorch_cpu.so+0xeee1135] dnnl_primitive_execute+0x3a5 while "
                + "the JVM was shutting down (exit 134; "), stopped.describe());

        assertEquals("-XX:ErrorFile=" + dir.toAbsolutePath().resolve("hs_err_pid%p.log"), CrashReport.errorFileOption(dir));
    }
}
