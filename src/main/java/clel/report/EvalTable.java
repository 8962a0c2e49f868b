package clel.report;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluation result file of a run, RUN/eval/NAME.json:
 * <pre>
 * {"title": "OOD detection (eq. 14)",
 *  "table": {"columns": ["OOD set", "AUROC"], "rows": [["svhn", 0.91], ...]},
 *  "images": ["ood_roc.png"],            (optional; relative to the JSON file's folder, or else to RUN)
 *  "notes": "beta = 1, ..."}             (optional)
 * </pre>
 * The file is read leniently (NaN, Infinity and comments are accepted). Cells are kept as display text: strings as
 * they are, numbers as written in the file, null as "".
 *
 * @param title   the "title" string
 * @param columns column headings (empty when the file has no table)
 * @param rows    table rows, each a list of cell texts (possibly of a different length than columns)
 * @param images  image paths as written in the file
 * @param notes   the "notes" string, or "" when absent
 */
public record EvalTable(String title, List<String> columns, List<List<String>> rows, List<String> images,
                        String notes) {
    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    public EvalTable {
        Objects.requireNonNull(title, "title");
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        images = List.copyOf(images);
        Objects.requireNonNull(notes, "notes");
    }

    /** A table whose cells are any values, shown as their text. */
    public static EvalTable of(String title, List<String> columns, List<? extends List<?>> rows, List<String> images,
                               String notes) {
        return new EvalTable(title, columns,
                rows.stream().map(r -> r.stream().map(String::valueOf).toList()).toList(), images, notes);
    }

    /** Writes this table as RUN/eval/NAME.json in the format {@link #read} accepts (atomically). */
    public void write(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", title);
        json.put("table", Map.of("columns", columns, "rows", rows));
        json.put("images", images);
        json.put("notes", notes);
        byte[] bytes = new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(json)
                .getBytes(StandardCharsets.UTF_8);
        clel.io.AtomicFileWriter.write(file, out -> out.write(bytes));
    }

    /** Whether the file had a table with at least a column or a row. */
    public boolean hasTable() {
        return !columns.isEmpty() || !rows.isEmpty();
    }

    /**
     * Reads and checks an evaluation JSON file.
     *
     * @throws IOException if the file cannot be read or is not in the format above; the message names the file
     *                     and the key that is wrong
     */
    public static EvalTable read(Path file) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        JsonElement root;
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.LENIENT); // e.g. an AUROC written as NaN
        try {
            root = JSON.read(reader);
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new IOException(file + ": not valid JSON (" + MetricsLog.gsonMessage(e) + ")", e);
        }
        if (!MetricsLog.atEnd(reader)) {
            throw new IOException(file + ": text after the JSON object");
        }
        if (root == null || !root.isJsonObject()) {
            throw new IOException(file + ": expected a JSON object with \"title\" and \"table\"");
        }
        JsonObject o = root.getAsJsonObject();
        String title = string(o, "title", file);
        if (title == null || title.isBlank()) {
            throw new IOException(file + ": \"title\" is missing or empty");
        }
        List<String> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        JsonElement table = o.get("table");
        if (table != null && !table.isJsonNull()) {
            if (!table.isJsonObject()) {
                throw new IOException(file + ": \"table\" must be an object with \"columns\" and \"rows\"");
            }
            JsonObject t = table.getAsJsonObject();
            for (JsonElement c : array(t, "columns", file)) {
                columns.add(cell(c));
            }
            int r = 0;
            for (JsonElement row : array(t, "rows", file)) {
                if (!row.isJsonArray()) {
                    throw new IOException(file + ": \"table.rows\"[" + r + "] is not an array");
                }
                List<String> cells = new ArrayList<>();
                for (JsonElement c : row.getAsJsonArray()) {
                    cells.add(cell(c));
                }
                rows.add(cells);
                r++;
            }
        }
        List<String> images = new ArrayList<>();
        int k = 0;
        for (JsonElement img : array(o, "images", file)) {
            if (!img.isJsonPrimitive() || !img.getAsJsonPrimitive().isString()) {
                throw new IOException(file + ": \"images\"[" + k + "] is not a path string");
            }
            images.add(img.getAsString());
            k++;
        }
        String notes = string(o, "notes", file);
        return new EvalTable(title, columns, rows, images, notes == null ? "" : notes);
    }

    private static String string(JsonObject o, String key, Path file) throws IOException {
        JsonElement v = o.get(key);
        if (v == null || v.isJsonNull()) {
            return null;
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw new IOException(file + ": \"" + key + "\" must be a string");
        }
        return v.getAsString();
    }

    private static JsonArray array(JsonObject o, String key, Path file) throws IOException {
        JsonElement v = o.get(key);
        if (v == null || v.isJsonNull()) {
            return new JsonArray();
        }
        if (!v.isJsonArray()) {
            throw new IOException(file + ": \"" + key + "\" must be an array");
        }
        return v.getAsJsonArray();
    }

    /** Display text of a cell: strings and numbers as written, null as "", anything else as compact JSON. */
    private static String cell(JsonElement c) {
        if (c == null || c.isJsonNull()) {
            return "";
        }
        if (c.isJsonPrimitive()) {
            return c.getAsString();
        }
        return c.toString();
    }
}
