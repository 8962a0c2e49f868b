package clel.experiment;

import clel.config.ConfigException;
import clel.config.ConfigLoader;
import clel.config.SafeYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An experiment (issue 14): a base configuration, fixed overrides, named variants and a grid of overrides; every
 * variant with every combination of the grid is one training run. YAML:
 *
 * <pre>
 * base: tiny                       # a preset or a configuration file (required)
 * overrides: [iterations=800]      # applied to every run (optional)
 * variants:                        # name: [key=value, ...]; each variant is run with every grid combination (optional)
 *   clel: []
 *   baseline: [loss.beta=0, loss.use_negatives=false]
 * grid:                            # key: [values]; one run per combination, the last key varying fastest
 *   seed: [0, 1]
 * evaluate:                        # measured on each finished run's EMA weights (optional)
 *   ood: [shapes-noise, shapes-unseen-colors]   # AUROC of eq. (14) against the data's held-out split
 * output: runs/exp                 # parent folder of the run folders (optional; default runs/&lt;file name&gt;)
 * </pre>
 *
 * @param name      the experiment's name (its file name without extension)
 * @param base      preset or configuration file
 * @param overrides key=value applied to every run, before the variant's and the grid's
 * @param variants  variant name to its key=value overrides, in file order (empty: no variants)
 * @param grid      key to its values, in file order
 * @param evaluate  what is measured on each finished run
 * @param output    parent folder of the run folders
 */
public record ExperimentPlan(String name, String base, List<String> overrides, Map<String, List<String>> variants,
                             Map<String, List<String>> grid, EvaluationSettings evaluate, Path output) {
    private static final List<String> KEYS = List.of("base", "overrides", "variants", "grid", "evaluate", "output");

    public ExperimentPlan {
        overrides = List.copyOf(overrides);
        Map<String, List<String>> vs = new LinkedHashMap<>();
        variants.forEach((k, v) -> vs.put(k, List.copyOf(v)));
        variants = Collections.unmodifiableMap(vs);
        Map<String, List<String>> g = new LinkedHashMap<>();
        grid.forEach((k, v) -> g.put(k, List.copyOf(v)));
        grid = Collections.unmodifiableMap(g);
    }

    /** The experiments that come with clel ({@code clel experiment NAME}), at CPU scale on the built-in data. */
    public static final List<String> PRESETS = List.of("ablation-negatives", "ablation-beta", "ablation-projector",
            "ablation-multihead", "ablation-encoder", "shapes-long-vs-baseline", "capabilities", "capabilities-fmnist");

    /**
     * An experiment file, or else a preset of that name ({@link #PRESETS}); a mistake is a {@link ConfigException}
     * naming the file and the key.
     */
    public static ExperimentPlan load(String fileOrPreset) throws IOException {
        Path file = Path.of(fileOrPreset);
        if (Files.isRegularFile(file) || !PRESETS.contains(fileOrPreset)) {
            return load(file);
        }
        String resource = "clel/experiments/" + fileOrPreset + ".yaml";
        try (var in = ExperimentPlan.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("preset " + resource + " is missing from the build");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "preset " + fileOrPreset,
                    fileOrPreset);
        }
    }

    /** Reads and checks an experiment file; a mistake is a {@link ConfigException} naming the file and the key. */
    public static ExperimentPlan load(Path file) throws IOException {
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(where + ": no such experiment file (presets: " + String.join(", ", PRESETS) + ")");
        }
        return parse(SafeYaml.readText(file), where, file.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
    }

    private static ExperimentPlan parse(String text, String where, String fileName) throws IOException {
        Object root = SafeYaml.parse(text, where);
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(where + ": expected a mapping with base, overrides, grid and output");
        }
        for (Object k : map.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new ConfigException(where + ": unknown key '" + k + "' (expected " + String.join(", ", KEYS) + ")");
            }
        }
        if (!(map.get("base") instanceof String base) || base.isBlank()) {
            throw new ConfigException(where + ": 'base' must name a preset or a configuration file");
        }
        List<String> overrides = keyValues(map.get("overrides"), where + ": 'overrides'");
        Map<String, List<String>> variants = new LinkedHashMap<>();
        Object vo = map.get("variants");
        if (vo != null) {
            if (!(vo instanceof Map<?, ?> vm) || vm.isEmpty()) {
                throw new ConfigException(where + ": 'variants' must map variant names to lists of key=value");
            }
            for (Map.Entry<?, ?> e : vm.entrySet()) {
                String variant = String.valueOf(e.getKey());
                if (!variant.matches("[A-Za-z0-9._-]+")) {
                    throw new ConfigException(where + ": variant name '" + variant + "' may only hold letters, digits, "
                            + "'.', '_' and '-'");
                }
                variants.put(variant, keyValues(e.getValue() == null ? List.of() : e.getValue(),
                        where + ": variant '" + variant + "'"));
            }
        }
        Map<String, List<String>> grid = new LinkedHashMap<>();
        Object g = map.get("grid");
        if (g != null) {
            if (!(g instanceof Map<?, ?> gm)) {
                throw new ConfigException(where + ": 'grid' must map keys to lists of values");
            }
            for (Map.Entry<?, ?> e : gm.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof List<?> values) || values.isEmpty()) {
                    throw new ConfigException(where + ": grid key '" + key + "' must have a non-empty list of values");
                }
                List<String> v = new ArrayList<>();
                for (Object x : values) {
                    if (x instanceof Map<?, ?> || x instanceof List<?> || x == null) {
                        throw new ConfigException(where + ": grid key '" + key + "': values must be scalars, got " + x);
                    }
                    v.add(String.valueOf(x));
                }
                grid.put(key, v);
            }
        }
        Object out = map.get("output");
        Path output = out == null ? Path.of("runs", fileName) : Path.of(String.valueOf(out));
        EvaluationSettings evaluate = EvaluationSettingsReader.read(map.get("evaluate"), where);
        ExperimentPlan plan = new ExperimentPlan(fileName, base, overrides, variants, grid, evaluate, output);
        for (ExperimentRun r : plan.runs()) {
            try {
                ConfigLoader.load(plan.base(), r.overrides());
            } catch (ConfigException e) {
                throw new ConfigException(where + ": run " + r.name() + ": " + e.getMessage());
            }
        }
        return plan;
    }

    /**
     * Checks the evaluate section against the held-out split of every data set the runs train on (each loaded once),
     * when a measure depends on the data's classes or attributes; a mistake is a {@link ConfigException} naming the
     * experiment and the key.
     */
    public void checkEvaluation() throws IOException {
        if (!evaluate.classAccuracy() && evaluate.compose().isEmpty()) {
            return;
        }
        Set<clel.config.DataConfig> seen = new HashSet<>();
        for (ExperimentRun r : runs()) {
            clel.config.DataConfig data = ConfigLoader.load(base, r.overrides()).data();
            if (seen.add(data)) {
                try {
                    evaluate.check(clel.data.source.DataSources.load(data, false));
                } catch (ConfigException e) {
                    throw new ConfigException(name + ": " + e.getMessage());
                }
            }
        }
    }

    /** A list of key=value strings; {@code what} names it in the error. */
    private static List<String> keyValues(Object o, String what) {
        List<String> out = new ArrayList<>();
        if (o == null) {
            return out;
        }
        if (!(o instanceof List<?> list)) {
            throw new ConfigException(what + " must be a list of key=value");
        }
        for (Object item : list) {
            if (!(item instanceof String s) || !s.contains("=")) {
                throw new ConfigException(what + " must be a list of key=value, got " + item);
            }
            out.add(s);
        }
        return out;
    }

    /**
     * Every variant (in file order) with every combination of the grid, the last grid key varying fastest; one run
     * per variant when the grid is empty, one run in all when there are neither variants nor a grid.
     */
    public List<ExperimentRun> runs() {
        List<List<String>> combos = new ArrayList<>();
        combos.add(List.of());
        for (Map.Entry<String, List<String>> e : grid.entrySet()) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> c : combos) {
                for (String v : e.getValue()) {
                    List<String> n = new ArrayList<>(c);
                    n.add(e.getKey() + "=" + v);
                    next.add(n);
                }
            }
            combos = next;
        }
        Map<String, List<String>> vs = variants.isEmpty() ? Map.of("", List.of()) : variants;
        List<ExperimentRun> runs = new ArrayList<>();
        for (Map.Entry<String, List<String>> v : vs.entrySet()) {
            for (List<String> choice : combos) {
                int index = runs.size() + 1;
                List<String> parts = new ArrayList<>();
                if (!v.getKey().isEmpty()) {
                    parts.add(v.getKey());
                }
                parts.addAll(choice);
                String label = parts.isEmpty() ? "run" : String.join(",", parts);
                String folder = String.format(Locale.ROOT, "%03d-%s", index, label.replaceAll("[^A-Za-z0-9._=-]+", "_")
                        .replace('=', '-'));
                List<String> all = new ArrayList<>(overrides);
                all.addAll(v.getValue());
                all.addAll(choice);
                runs.add(new ExperimentRun(index, label, v.getKey(), choice, all, output.resolve(folder)));
            }
        }
        return runs;
    }
}
