package clel.diagnostics;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.io.AtomicFileWriter;
import clel.model.ClelNetworks;
import clel.nn.ParameterCounting;
import clel.run.Versions;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * index.json of a {@link StepExport}: the layout's format, the parameters of both networks and one entry per exported
 * iteration, written with Gson and rewritten atomically after every iteration (a run that stops early leaves a valid
 * index).
 */
final class ExportIndex {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .create();
    private final Path file;
    private final JsonObject index = new JsonObject();
    private final JsonArray iterations = new JsonArray();

    /**
     * @param file      the index file
     * @param requested the iterations to export
     * @param live      the trained networks, whose parameters the index lists
     */
    ExportIndex(Path file, int requested, ClelNetworks live) {
        this.file = file;
        index.addProperty("format", StepExport.FORMAT);
        index.addProperty("clel_version", Versions.CLEL);
        index.addProperty("config", "config.yaml");
        index.addProperty("iterations_requested", requested);
        JsonObject networks = new JsonObject();
        networks.add("ebm", parameters(live.ebm()));
        networks.add("encoder", parameters(live.encoder()));
        index.add("parameters", networks);
        index.add("iterations", iterations);
    }

    /** Every parameter and buffer of {@code block}, in the order of {@code Block.getParameters()}. */
    private static JsonArray parameters(Block block) {
        JsonArray out = new JsonArray();
        for (Pair<String, Parameter> p : block.getParameters()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("name", p.getKey());
            entry.addProperty("type", p.getValue().getType().name());
            entry.addProperty("trainable", ParameterCounting.isTrainable(p.getValue()));
            JsonArray shape = new JsonArray();
            for (long d : p.getValue().getArray().getShape().getShape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            out.add(entry);
        }
        return out;
    }

    /** @return the number, or null when it is not finite (JSON has no NaN) */
    static JsonElement number(Number value) {
        return Double.isFinite(value.doubleValue()) ? new JsonPrimitive(value) : JsonNull.INSTANCE;
    }

    /** Adds a finished iteration's entry and rewrites the file. */
    void add(JsonObject iteration) {
        iterations.add(iteration);
        write();
    }

    /** @return the iterations listed so far */
    int size() {
        return iterations.size();
    }

    void write() {
        byte[] text = (GSON.toJson(index) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFileWriter.write(file, out -> out.write(text));
        } catch (IOException e) {
            throw new UncheckedIOException("step export: cannot write " + file, e);
        }
    }
}
