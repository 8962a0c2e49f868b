package clel.training;

import clel.run.JsonLine;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends the process's memory every log.every iterations to memory.jsonl: resident set (VmRSS) and its peak (VmHWM)
 * from /proc/self/status in MB, and the JVM heap in use and committed, so that a long run shows whether memory stays
 * flat (the garbage collector grows the committed heap with the allocation rate; the resident set less the committed
 * heap is roughly the native memory, libtorch's included). Where there is no /proc (not Linux) nothing is written.
 */
public final class ResidentMemoryWriter implements TrainingObserver {
    private final Path file;

    /** @param folder the run folder, whose memory.jsonl it appends to */
    public ResidentMemoryWriter(RunFolder folder) {
        this.file = folder.memory();
    }

    @Override
    public void iterationEnded(Trainer trainer, StepMetrics metrics) throws IOException {
        if (!TrainingObserver.due(trainer, trainer.config().log().every())) {
            return;
        }
        long rss = statusKb("VmRSS");
        if (rss < 0) {
            return;
        }
        Runtime rt = Runtime.getRuntime();
        String line = new JsonLine().add("iteration", trainer.iteration())
                .addRounded("rss_mb", rss / 1024.0, 1)
                .addRounded("peak_rss_mb", statusKb("VmHWM") / 1024.0, 1)
                .addRounded("heap_mb", (rt.totalMemory() - rt.freeMemory()) / 1048576.0, 1)
                .addRounded("heap_committed_mb", rt.totalMemory() / 1048576.0, 1) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * A /proc/self/status field in kB.
     *
     * @param field the field's name, e.g. VmRSS, VmHWM
     * @return its value in kB, or -1 where there is none (no /proc)
     */
    public static long statusKb(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
