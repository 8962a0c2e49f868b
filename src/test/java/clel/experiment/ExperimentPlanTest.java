package clel.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentPlanTest {
    private static Path write(Path dir, String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void theGridExpandsToEveryCombinationLastKeyFastest(@TempDir Path dir) throws IOException {
        ExperimentPlan p = ExperimentPlan.load(write(dir, "neg.yaml", String.join("\n",
                "base: tiny", "overrides: [iterations=20]", "grid:", "  loss.beta: [0, 0.01]",
                "  loss.use_negatives: [false, true]", "  seed: [0, 1, 2]", "output: " + dir.resolve("out"))));
        List<ExperimentRun> runs = p.runs();
        assertEquals(12, runs.size());
        assertEquals("loss.beta=0,loss.use_negatives=false,seed=0", runs.get(0).name());
        assertEquals("loss.beta=0,loss.use_negatives=false,seed=1", runs.get(1).name());
        assertEquals("loss.beta=0.01,loss.use_negatives=true,seed=2", runs.get(11).name());
        assertEquals(List.of("iterations=20", "loss.beta=0", "loss.use_negatives=true", "seed=0"), runs.get(3).overrides());
        assertEquals(dir.resolve("out").resolve("004-loss.beta-0_loss.use_negatives-true_seed-0"), runs.get(3).folder());
        assertEquals("loss.beta=0,loss.use_negatives=true", runs.get(3).group(Set.of("seed")));
        assertEquals("neg", p.name());
        // no grid: one run, default output folder runs/<name>
        ExperimentPlan one = ExperimentPlan.load(write(dir, "single.yml", "base: tiny\n"));
        assertEquals(1, one.runs().size());
        assertEquals(Path.of("runs", "single", "001-run"), one.runs().get(0).folder());
    }

    @Test
    void mistakesNameTheFileAndTheKey(@TempDir Path dir) throws IOException {
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "a.yaml",
                "base: tiny\ngird:\n  seed: [0]\n"))).getMessage().endsWith("a.yaml: unknown key 'gird' (expected base, "
                + "overrides, grid, output)"));
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "b.yaml",
                "grid:\n  seed: [0]\n"))).getMessage().contains("b.yaml: 'base' must name a preset"));
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "c.yaml",
                "base: tiny\ngrid:\n  seed: []\n"))).getMessage().contains("grid key 'seed' must have a non-empty list"));
        String bad = assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "d.yaml",
                "base: tiny\ngrid:\n  loss.bta: [0, 1]\n"))).getMessage();
        assertTrue(bad.contains("d.yaml: run loss.bta=0:") && bad.contains("loss.bta"), bad);
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "e.yaml",
                "base: tiny\noverrides: iterations\n"))).getMessage().contains("'overrides' must be a list of key=value"));
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "f.yaml",
                "base: [tiny\n"))).getMessage().contains("f.yaml: not valid YAML"));
    }

    @Test
    void summariesGiveMeanAndSampleStandardDeviation() {
        Summary s = Summary.of(1, 2, 3, 4);
        assertEquals(2.5, s.mean(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3.0), s.std(), 1e-15);
        assertEquals(4, s.n());
        assertEquals("2.500 ± 1.291", s.format(3));
        assertEquals(new Summary(7, 0, 1), Summary.of(7, Double.NaN));
        assertEquals("7.00", Summary.of(7).format(2));
        assertEquals("-", Summary.of(Double.NaN).format(2));
    }
}
