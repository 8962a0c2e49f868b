package clel.run;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a training checkpoint's {@code meta.properties} says about where the run stands, validated: a format version this
 * code knows ({@link Checkpoint#FORMAT_VERSION}), an iteration in [0, {@value #MAX_ITERATION}] (a run's iterations are
 * an int) and a best evaluation that is a number or absent.
 *
 * @param iteration      the iteration the checkpoint was written at
 * @param bestEvaluation the lowest buffer evaluation so far; +infinity when there was none
 */
public record CheckpointMeta(long iteration, double bestEvaluation) {
    /** The largest iteration a checkpoint may be written at: the largest number of iterations a run can have. */
    public static final long MAX_ITERATION = Integer.MAX_VALUE;

    /**
     * Reads and validates the entry's bytes.
     *
     * @param file names the checkpoint in errors
     * @throws IOException naming the file, the key and what is wrong
     */
    public static CheckpointMeta parse(byte[] bytes, Path file) throws IOException {
        String where = file + " entry " + Checkpoint.META;
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": malformed properties (" + e.getMessage() + ")");
        }
        String kind = p.getProperty("kind");
        if (kind != null) {
            throw new IOException(file + ": not a training checkpoint (a file of kind '" + kind.strip() + "')");
        }
        String version = p.getProperty("format_version", "").strip();
        if (!version.equals(String.valueOf(Checkpoint.FORMAT_VERSION))) {
            throw new IOException(file + ": checkpoint format version " + (version.isEmpty() ? "(none)" : version)
                    + " is not supported (expected " + Checkpoint.FORMAT_VERSION + ")");
        }
        long iteration = number(p, "iteration", where);
        if (iteration < 0 || iteration > MAX_ITERATION) {
            throw new IOException(where + ": iteration " + iteration + " is out of range (0 to " + MAX_ITERATION + ")");
        }
        String best = p.getProperty("best_value");
        double bestEvaluation = Double.POSITIVE_INFINITY;
        if (best != null) {
            try {
                bestEvaluation = Double.parseDouble(best.strip());
            } catch (NumberFormatException e) {
                bestEvaluation = Double.NaN;
            }
            if (Double.isNaN(bestEvaluation)) {
                throw new IOException(where + ": best_value must be a number, got '" + best.strip() + "'");
            }
        }
        return new CheckpointMeta(iteration, bestEvaluation);
    }

    private static long number(Properties p, String key, String where) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException(where + ": key '" + key + "' is missing");
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IOException(where + ": " + key + " must be a whole number, got '" + v.strip() + "'");
        }
    }
}
