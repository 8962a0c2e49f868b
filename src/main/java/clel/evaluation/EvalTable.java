package clel.evaluation;

import clel.io.AtomicFileWriter;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An evaluation result a run report shows: a title, a table and images (paths relative to the JSON file's
 * folder), written as RUN/eval/NAME.json.
 */
public record EvalTable(String title, List<String> columns, List<List<Object>> rows, List<String> images, String notes) {

    public void write(Path file) throws IOException {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("title", title);
        json.put("table", Map.of("columns", columns, "rows", rows));
        json.put("images", images);
        json.put("notes", notes);
        byte[] bytes = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json)
                .getBytes(StandardCharsets.UTF_8);
        AtomicFileWriter.write(file, out -> out.write(bytes));
    }
}
