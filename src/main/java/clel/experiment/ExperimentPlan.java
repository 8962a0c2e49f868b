package clel.experiment;

import clel.config.ConfigException;
import clel.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * An experiment (issue 14): a base configuration, fixed overrides and a grid of overrides whose every combination is
 * one training run. YAML:
 *
 * <pre>
 * base: tiny                       # a preset or a configuration file (required)
 * overrides: [iterations=800]      # applied to every run (optional)
 * grid:                            # key: [values]; one run per combination, the last key varying fastest
 *   loss.beta: [0, 0.01]
 *   seed: [0, 1]
 * output: runs/exp                 # parent folder of the run folders (optional; default runs/&lt;file name&gt;)
 * </pre>
 *
 * @param name      the experiment's name (its file name without extension)
 * @param base      preset or configuration file
 * @param overrides key=value applied to every run, before the grid's
 * @param grid      key to its values, in file order
 * @param output    parent folder of the run folders
 */
public record ExperimentPlan(String name, String base, List<String> overrides, Map<String, List<String>> grid,
                             Path output) {
    private static final Set<String> KEYS = Set.of("base", "overrides", "grid", "output");

    public ExperimentPlan {
        overrides = List.copyOf(overrides);
        Map<String, List<String>> g = new LinkedHashMap<>();
        grid.forEach((k, v) -> g.put(k, List.copyOf(v)));
        grid = java.util.Collections.unmodifiableMap(g);
    }

    /** Reads and checks an experiment file; a mistake is a {@link ConfigException} naming the file and the key. */
    public static ExperimentPlan load(Path file) throws IOException {
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(where + ": no such experiment file");
        }
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (YAMLException e) {
            throw new ConfigException(where + ": not valid YAML (" + e.getMessage().split("\n")[0] + ")");
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(where + ": expected a mapping with base, overrides, grid and output");
        }
        for (Object k : map.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new ConfigException(where + ": unknown key '" + k + "' (expected base, overrides, grid, output)");
            }
        }
        if (!(map.get("base") instanceof String base) || base.isBlank()) {
            throw new ConfigException(where + ": 'base' must name a preset or a configuration file");
        }
        List<String> overrides = new ArrayList<>();
        Object o = map.get("overrides");
        if (o != null) {
            if (!(o instanceof List<?> list)) {
                throw new ConfigException(where + ": 'overrides' must be a list of key=value");
            }
            for (Object item : list) {
                if (!(item instanceof String s) || !s.contains("=")) {
                    throw new ConfigException(where + ": 'overrides' must be a list of key=value, got " + item);
                }
                overrides.add(s);
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
        String fileName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Object out = map.get("output");
        Path output = out == null ? Path.of("runs", fileName) : Path.of(String.valueOf(out));
        ExperimentPlan plan = new ExperimentPlan(fileName, base, overrides, grid, output);
        for (ExperimentRun r : plan.runs()) {
            try {
                ConfigLoader.load(plan.base(), r.overrides());
            } catch (ConfigException e) {
                throw new ConfigException(where + ": run " + r.name() + ": " + e.getMessage());
            }
        }
        return plan;
    }

    /** Every combination of the grid, the last key varying fastest; one run when the grid is empty. */
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
        List<ExperimentRun> runs = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            List<String> choice = combos.get(i);
            String label = choice.isEmpty() ? "run" : String.join(",", choice);
            String folder = String.format(Locale.ROOT, "%03d-%s", i + 1, label.replaceAll("[^A-Za-z0-9._=-]+", "_")
                    .replace('=', '-'));
            List<String> all = new ArrayList<>(overrides);
            all.addAll(choice);
            runs.add(new ExperimentRun(i + 1, label, choice, all, output.resolve(folder)));
        }
        return runs;
    }
}
