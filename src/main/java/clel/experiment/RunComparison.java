package clel.experiment;

import clel.config.SafeYaml;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Run folders made by hand, compared in the table and page of an experiment ({@link ExperimentResults}). The settings
 * in which the runs' config.yaml differ (output_dir aside) name each run's choice, e.g. "loss.beta=0,seed=1"; runs
 * whose settings differ only in their seed form a group with mean ± std. A run is finished when its last.ckpt has
 * reached its configured iterations, failed when it holds an experiment's failed.txt, and unfinished otherwise (left
 * out of the means). The measures columns are those an experiment's evaluate section stored in each run's
 * eval/experiment.json for its last.ckpt; a measure taken with different settings in different runs gets one column per
 * setting.
 */
public final class RunComparison {
    /** Settings that do not describe a run's training. */
    private static final Set<String> IGNORED = Set.of("output_dir");

    private RunComparison() {
    }

    /**
     * Writes results.md, results.json and results.html comparing {@code folders} into {@code output}.
     *
     * @return the markdown
     * @throws IllegalArgumentException naming a folder that is missing or not a run folder, or an output folder that
     *                                  is one of the runs
     */
    public static String write(List<Path> folders, Path output) throws IOException {
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("no run folders to compare");
        }
        List<Map<String, String>> configs = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path f : folders) {
            configs.add(readConfig(f));
            if (!seen.add(f.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(f + ": named twice");
            }
        }
        if (seen.contains(output.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(output + ": is one of the compared runs; write the comparison elsewhere (-o)");
        }
        List<String> differing = differingKeys(configs);
        Set<String> names = new HashSet<>();
        List<ExperimentRunner.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < folders.size(); i++) {
            Path f = folders.get(i);
            String name = f.toAbsolutePath().normalize().getFileName().toString();
            if (!names.add(name)) {
                name = f.toString();
                names.add(name);
            }
            List<String> choice = new ArrayList<>();
            for (String k : differing) {
                choice.add(k + "=" + configs.get(i).getOrDefault(k, ""));
            }
            ExperimentRun run = new ExperimentRun(i + 1, name, "", choice, List.of(), f);
            outcomes.add(outcome(run, configs.get(i)));
        }
        List<String> intro = new ArrayList<>();
        intro.add(folders.size() + " run folders: " + String.join(", ", folders.stream().map(Path::toString).toList()));
        intro.add(differing.isEmpty() ? "Their configurations are the same (output_dir aside)."
                : "Settings in which their configurations differ: `" + String.join("`, `", differing) + "`; runs that "
                + "differ only in their seed form a group.");
        return ExperimentResults.write(output, "compare", "Comparison of " + folders.size() + " runs", intro,
                new Recorded(outcomes.stream().map(ExperimentRunner.Outcome::run).toList()), outcomes);
    }

    /** The run's config.yaml as dotted keys to values. */
    private static Map<String, String> readConfig(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": no such folder");
        }
        Path file = new RunFolder(folder).config();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(folder + ": not a clel run folder (no " + RunFolder.CONFIG + ")");
        }
        Object root = SafeYaml.parse(SafeYaml.readText(file), file.toString());
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": not a clel configuration (expected a mapping)");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", map, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m) {
                flatten(key + ".", m, out);
            } else {
                out.put(key, String.valueOf(e.getValue()));
            }
        }
    }

    /** The keys whose values are not the same in every run, in order of first appearance, seed last. */
    private static List<String> differingKeys(List<Map<String, String>> configs) {
        Set<String> keys = new LinkedHashSet<>();
        configs.forEach(c -> keys.addAll(c.keySet()));
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!IGNORED.contains(k) && configs.stream().map(c -> c.getOrDefault(k, "")).distinct().count() > 1) {
                out.add(k);
            }
        }
        if (out.remove("seed")) {
            out.add("seed");
        }
        return out;
    }

    private static ExperimentRunner.Outcome outcome(ExperimentRun run, Map<String, String> config) throws IOException {
        Path failed = run.folder().resolve(ExperimentRunner.FAILED);
        if (Files.isRegularFile(failed)) {
            return new ExperimentRunner.Outcome(run, ExperimentRunner.Status.FAILED,
                    Files.readAllLines(failed).stream().findFirst().orElse("failed"));
        }
        long total = parseLong(config.get("iterations"));
        Path last = new RunFolder(run.folder()).lastCheckpoint();
        if (!Files.exists(last)) {
            return new ExperimentRunner.Outcome(run, ExperimentRunner.Status.UNFINISHED, "no last.ckpt");
        }
        long reached = Checkpoint.iterationOf(last);
        return reached >= total ? new ExperimentRunner.Outcome(run, ExperimentRunner.Status.FINISHED, null)
                : new ExperimentRunner.Outcome(run, ExperimentRunner.Status.UNFINISHED, "iteration " + reached + " of " + total);
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The measures the runs' eval/experiment.json hold for their last.ckpt, one column per measure and setting. */
    private static final class Recorded implements MeasureColumns {
        private final List<String> columns = new ArrayList<>();
        private final Map<ExperimentRun, Map<String, Double>> values = new LinkedHashMap<>();

        Recorded(List<ExperimentRun> runs) throws IOException {
            Map<String, Set<String>> settings = new LinkedHashMap<>();
            Map<ExperimentRun, Map<String, StoredMeasures.Value>> stored = new LinkedHashMap<>();
            for (ExperimentRun r : runs) {
                RunFolder f = new RunFolder(r.folder());
                Map<String, StoredMeasures.Value> s = Files.exists(f.lastCheckpoint())
                        ? StoredMeasures.read(f.experimentEvaluation(), Checkpoint.iterationOf(f.lastCheckpoint())) : Map.of();
                stored.put(r, s);
                s.forEach((c, v) -> settings.computeIfAbsent(c, k -> new LinkedHashSet<>()).add(v.settings()));
            }
            Map<String, String> columnOf = new LinkedHashMap<>();
            settings.forEach((c, set) -> set.forEach(s -> {
                String column = set.size() == 1 ? c : c + " [" + s + "]";
                columnOf.put(c + "\n" + s, column);
                columns.add(column);
            }));
            stored.forEach((r, s) -> {
                Map<String, Double> v = new LinkedHashMap<>();
                s.forEach((c, m) -> v.put(columnOf.get(c + "\n" + m.settings()), m.value()));
                values.put(r, v);
            });
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public double[] values(ExperimentRun run) {
            double[] v = new double[columns.size()];
            Arrays.fill(v, Double.NaN);
            Map<String, Double> m = values.getOrDefault(run, Map.of());
            for (int i = 0; i < v.length; i++) {
                v[i] = m.getOrDefault(columns.get(i), Double.NaN);
            }
            return v;
        }
    }
}
