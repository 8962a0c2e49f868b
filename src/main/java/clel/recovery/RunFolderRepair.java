package clel.recovery;

import clel.io.AtomicFileWriter;
import clel.run.RunFolder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Puts a run folder back in order before training continues in it after an interruption (a kill, a crash, a
 * Ctrl-C): removes the temporary files of writes that never finished, and removes from the iteration logs
 * (metrics.jsonl, eval.jsonl, gradients.jsonl) every line past the iteration the run resumes from. The resumed run writes those
 * iterations again (bit-identically, as it continues exactly), so without the repair they would appear twice.
 */
public final class RunFolderRepair {
    /** The run folder's logs with one JSON object per line, each with the "iteration" it was written at. */
    public static final List<String> ITERATION_LOGS = RunFolder.ITERATION_LOGS;
    private static final TypeAdapter<JsonElement> JSON = new com.google.gson.Gson().getAdapter(JsonElement.class);
    /** The folders of a run that clel writes into atomically: the run folder itself and these sub-folders. */
    private static final List<String> WRITTEN_FOLDERS = List.of("", RunFolder.SAMPLES_DIR, RunFolder.EVAL_DIR,
            RunFolder.REPORT_DIR, RunFolder.STEP_EXPORT_DIR, "fd-cache");

    private RunFolderRepair() {
    }

    /**
     * Deletes the temporary files that {@link AtomicFileWriter} leaves behind when the process dies during a write
     * (for example {@code .last.ckpt.clel-1a2b3c.tmp}), in the run folder and the sub-folders clel writes into
     * ({@link #WRITTEN_FOLDERS}). Only files with clel's marker in their name are touched: a user's own files, however
     * named, and the user's own folders stay as they are. Call it only while no other process writes into the folder.
     *
     * @return the files deleted
     */
    public static List<Path> removeStaleTemporaries(Path runDir) throws IOException {
        List<Path> stale = new ArrayList<>();
        for (String folder : WRITTEN_FOLDERS) {
            Path dir = runDir.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> AtomicFileWriter.isTemporaryFile(p) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .forEach(stale::add);
            }
        }
        stale.sort(null);
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
        return stale;
    }

    /**
     * Removes the lines past {@code iteration} from each of the run folder's {@link #ITERATION_LOGS} that exists,
     * and an unfinished last line (not a complete JSON object: the process died while writing it). Each changed
     * file is rewritten atomically; other lines (including malformed ones elsewhere) are kept as they are.
     *
     * @param iteration the iteration the run continues from (0: a run that starts over)
     * @return one entry per existing log
     */
    public static List<LogTruncation> dropLinesAfter(Path runDir, long iteration) throws IOException {
        List<LogTruncation> done = new ArrayList<>();
        for (String name : ITERATION_LOGS) {
            Path file = runDir.resolve(name);
            if (Files.isRegularFile(file)) {
                done.add(truncate(file, iteration));
            }
        }
        return done;
    }

    private static LogTruncation truncate(Path file, long iteration) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        // text ends with '\n' when the last write completed: the split then yields a trailing empty string
        String unterminated = lines.remove(lines.size() - 1);
        boolean partial = false;
        if (!unterminated.isEmpty()) {
            OptionalLong it = iterationOf(unterminated);
            if (it.isPresent()) {
                lines.add(unterminated); // complete despite the missing newline: judged like the others below
            } else {
                partial = true;
            }
        }
        StringBuilder kept = new StringBuilder(text.length());
        int keptCount = 0;
        int dropped = 0;
        for (String line : lines) {
            OptionalLong it = iterationOf(line);
            if (it.isPresent() && it.getAsLong() > iteration) {
                dropped++;
            } else {
                kept.append(line).append('\n');
                keptCount++;
            }
        }
        LogTruncation result = new LogTruncation(file, keptCount, dropped, partial);
        if (result.changed() || !unterminated.isEmpty()) {
            byte[] bytes = kept.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFileWriter.write(file, out -> out.write(bytes));
        }
        return result;
    }

    /**
     * The highest "iteration" among the complete lines of an iteration log, or empty when the file is missing or has
     * none (e.g. how far a run got before it crashed).
     */
    public static OptionalLong lastIteration(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return OptionalLong.empty();
        }
        OptionalLong last = OptionalLong.empty();
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                OptionalLong it = iterationOf(line);
                if (it.isPresent() && (last.isEmpty() || it.getAsLong() > last.getAsLong())) {
                    last = it;
                }
            }
        }
        return last;
    }

    /** The line's "iteration" when the line is one complete JSON object with a whole-number iteration. */
    static OptionalLong iterationOf(String line) {
        JsonReader reader = new JsonReader(new StringReader(line));
        reader.setStrictness(Strictness.STRICT);
        JsonElement e;
        try {
            e = JSON.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                return OptionalLong.empty();
            }
        } catch (IOException | JsonParseException | IllegalStateException ex) {
            return OptionalLong.empty();
        }
        if (e == null || !e.isJsonObject()) {
            return OptionalLong.empty();
        }
        JsonElement it = e.getAsJsonObject().get("iteration");
        if (it == null || !it.isJsonPrimitive() || !((JsonPrimitive) it).isNumber()) {
            return OptionalLong.empty();
        }
        double v = it.getAsDouble();
        return v >= 0 && v == Math.rint(v) && v < 1e15 ? OptionalLong.of((long) v) : OptionalLong.empty();
    }
}
