package clel.training;

import clel.run.JsonLine;
import clel.run.RunFolder;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Hands the native memory that libtorch has freed back to the operating system every log.trim_every iterations, with
 * glibc's {@code malloc_trim(0)}, and appends what it released to memory.jsonl
 * ({@code {"iteration":N,"trim_ms":..,"released_mb":..}}, the resident set before less after).
 *
 * <p>Why: the launcher sets glibc's trim and mmap thresholds so high that freed memory stays with the process, because
 * mapping and unmapping libtorch's per-step buffers every step made iterations about 40% slower. Without a trim, freed
 * chunks that fragmentation leaves unused stay resident too: over 1,400 iterations of the tiny preset the training
 * thread's malloc arena grew from 832 to 1,024 MB with 320-580 MB of it free, and one {@code malloc_trim(0)} released
 * 450 MB (measured with gdb's malloc_info on a live run). A periodic trim keeps both the fast steps and a flat resident
 * set; the memory a step needs again is faulted back in by the next iteration.
 *
 * <p>Runs after the other side jobs, so that the memory an evaluation or a checkpoint freed goes back too, and after
 * memory.jsonl's regular line, which therefore shows the resident set before the trim. Where there is no glibc
 * (macOS, Windows, musl) this job does nothing.
 */
public final class NativeMemoryRelease implements TrainingObserver {
    /** glibc's {@code int malloc_trim(size_t pad)}, or null where the C library has none. */
    private static final Function MALLOC_TRIM = mallocTrim();

    private final Path file;

    /** @param folder the run folder, whose memory.jsonl records each trim */
    public NativeMemoryRelease(RunFolder folder) {
        this.file = folder.memory();
    }

    /** @return whether this process can trim (glibc's malloc_trim was found) */
    public static boolean available() {
        return MALLOC_TRIM != null;
    }

    /**
     * Calls {@code malloc_trim(0)}: every arena's free pages go back to the system.
     *
     * @return whether any memory was released (false also where there is no malloc_trim)
     */
    public static boolean trim() {
        return MALLOC_TRIM != null && MALLOC_TRIM.invokeInt(new Object[] {new NativeLong(0)}) == 1;
    }

    @Override
    public void iterationEnded(Trainer trainer, StepMetrics metrics) throws IOException {
        int every = trainer.config().log().trimEvery();
        if (every <= 0 || MALLOC_TRIM == null || trainer.iteration() % every != 0) {
            return;
        }
        long before = ResidentMemoryWriter.statusKb("VmRSS");
        long start = System.nanoTime();
        trim();
        double ms = (System.nanoTime() - start) / 1e6;
        long after = ResidentMemoryWriter.statusKb("VmRSS");
        if (before < 0 || after < 0) {
            return;
        }
        String line = new JsonLine().add("iteration", trainer.iteration()).addRounded("trim_ms", ms, 1)
                .addRounded("released_mb", (before - after) / 1024.0, 1) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Function mallocTrim() {
        try {
            return NativeLibrary.getInstance("c").getFunction("malloc_trim");
        } catch (LinkageError | RuntimeException e) {
            // no such function (not glibc), or JNA's native part could not be loaded (e.g. a noexec temporary folder)
            return null;
        }
    }
}
