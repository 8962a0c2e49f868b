package clel.recovery;

import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A new (not resumed) training run in a folder that holds an earlier run's files: those files are moved, unchanged,
 * into {@code RUN/earlier-<date-time>/} before the new run writes anything. Without this the new run would append to
 * the earlier run's {@code metrics.jsonl} and {@code eval.jsonl}, and a rollback could reload the earlier run's
 * {@code last.ckpt}. Nothing is deleted. Cached reference statistics ({@code fd-cache}) stay where they are: they
 * depend on the data, not on the run.
 */
public final class EarlierRun {
    /** Files and folders a training run writes into its folder (checkpoints kept as ckpt-NNNNNN.ckpt besides). */
    public static final List<String> RUN_FILES = RunFolder.RUN_FILES;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private EarlierRun() {
    }

    /** The earlier run's files in {@code runDir} (empty when it holds none or does not exist). */
    public static List<Path> files(Path runDir) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(runDir)) {
            return found;
        }
        for (String name : RUN_FILES) {
            Path p = runDir.resolve(name);
            if (Files.exists(p)) {
                found.add(p);
            }
        }
        try (Stream<Path> s = Files.list(runDir)) {
            s.filter(p -> p.getFileName().toString().matches("ckpt-\\d+\\.ckpt")).sorted().forEach(found::add);
        }
        return found;
    }

    /**
     * Moves the earlier run's files into a new {@code earlier-<date-time>} folder of {@code runDir}.
     *
     * @param runDir the run folder of the new run
     * @param now    the time that names the folder
     * @return the folder the files went to, or empty when there was no earlier run
     */
    public static Optional<Path> setAside(Path runDir, LocalDateTime now) throws IOException {
        List<Path> files = files(runDir);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        String base = "earlier-" + STAMP.format(now);
        Path target = runDir.resolve(base);
        for (int i = 2; Files.exists(target); i++) {
            target = runDir.resolve(base + "-" + i);
        }
        Files.createDirectory(target);
        for (Path p : files) {
            Files.move(p, target.resolve(p.getFileName()));
        }
        return Optional.of(target);
    }
}
