package clel.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the replay-buffer grids the trainer writes into a run's samples folder (samples/buffer_NNNNNN.png, one per
 * logged iteration), for the samples of {@link RunReport} and {@link ComparisonPage}.
 */
final class BufferGrids {
    private static final Pattern NAME = Pattern.compile("buffer_(\\d+)\\.png");

    private BufferGrids() {
    }

    /**
     * The grids in {@code samplesDir} by iteration; empty when there are none. A folder that cannot be listed is a line
     * in {@code notes}.
     */
    static TreeMap<Long, Path> in(Path samplesDir, List<String> notes) {
        TreeMap<Long, Path> grids = new TreeMap<>();
        if (Files.isDirectory(samplesDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(samplesDir, "buffer_*.png")) {
                for (Path p : ds) {
                    Matcher m = NAME.matcher(p.getFileName().toString());
                    if (m.matches() && m.group(1).length() < 18) {
                        grids.put(Long.parseLong(m.group(1)), p);
                    }
                }
            } catch (IOException e) {
                notes.add(samplesDir + ": cannot list (" + e.getMessage() + ")");
            }
        }
        return grids;
    }
}
