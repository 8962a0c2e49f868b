package clel.report;

import clel.run.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The run report's "Samples" section: the grid of training data (samples/data.png), and the latest and the first
 * replay-buffer grids ({@link BufferGrids}), so that one sees how far the samples have come.
 */
final class SamplesSection {
    static final String ID = "samples";
    static final String HEADING = "Samples";

    private final List<Figure> grids;

    /** @param grids the data grid (when readable), then the buffer grids */
    private SamplesSection(List<Figure> grids) {
        this.grids = List.copyOf(grids);
    }

    /** Reads the grids of a run; a missing or unreadable grid is a line in {@code notes}. */
    static SamplesSection read(Path runDir, RunFiles files, List<String> notes) {
        RunFolder run = new RunFolder(runDir);
        List<Figure> grids = new ArrayList<>();
        if (Files.isRegularFile(run.dataGrid())) {
            files.image(run.dataGrid(), "Training data (samples/data.png)", notes).ifPresent(grids::add);
        } else {
            notes.add("no samples/data.png (data grid)");
        }
        grids.addAll(bufferGrids(run, files, notes));
        return new SamplesSection(grids);
    }

    /** The latest buffer grid, then the first when there are two or more. */
    private static List<Figure> bufferGrids(RunFolder run, RunFiles files, List<String> notes) {
        TreeMap<Long, Path> grids = BufferGrids.in(run.samples(), notes);
        if (grids.isEmpty()) {
            notes.add("no replay-buffer grids (samples/buffer_NNNNNN.png) yet");
            return List.of();
        }
        List<Figure> out = new ArrayList<>();
        long first = grids.firstKey();
        long latest = grids.lastKey();
        files.image(grids.get(latest), "Replay buffer x~ at iteration " + latest + " (latest of " + grids.size()
                + " grids, " + grids.get(latest).getFileName() + ")", notes).ifPresent(out::add);
        if (first != latest) {
            files.image(grids.get(first), "Replay buffer x~ at iteration " + first + " (first, "
                    + grids.get(first).getFileName() + ")", notes).ifPresent(out::add);
        }
        return out;
    }

    void render(HtmlPage h) {
        h.element("h2", HEADING, "id", ID);
        if (grids.isEmpty()) {
            h.element("p", "No sample grids (see Notes).", "class", "muted");
        }
        h.open("div", "class", "grids");
        grids.forEach(f -> f.render(h, Figure.MAX_GRID_WIDTH));
        h.close("div");
    }
}
