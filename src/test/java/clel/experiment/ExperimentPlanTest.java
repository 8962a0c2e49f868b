package clel.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
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
    void variantsTimesTheGridWithTheVariantInNamesFoldersAndGroups(@TempDir Path dir) throws IOException {
        ExperimentPlan p = ExperimentPlan.load(write(dir, "enc.yaml", String.join("\n",
                "base: tiny", "overrides: [iterations=20]", "variants:", "  simclr: []",
                "  none: [loss.beta=0, loss.use_negatives=false]", "grid:", "  seed: [0, 1]",
                "evaluate:", "  ood: [shapes-noise]", "  ood_beta: 0.05", "output: " + dir.resolve("out"))));
        List<ExperimentRun> runs = p.runs();
        assertEquals(List.of("simclr,seed=0", "simclr,seed=1", "none,seed=0", "none,seed=1"),
                runs.stream().map(ExperimentRun::name).toList());
        assertEquals(List.of("iterations=20", "loss.beta=0", "loss.use_negatives=false", "seed=1"), runs.get(3).overrides());
        assertEquals(dir.resolve("out").resolve("003-none_seed-0"), runs.get(2).folder());
        assertEquals("none", runs.get(3).group(Set.of("seed")));
        assertEquals(List.of("AUROC shapes-noise"), p.evaluate().columns());
        assertEquals(0.05, p.evaluate().oodBeta());
        // variants without a grid: one run each, folders named by the variant
        ExperimentPlan v = ExperimentPlan.load(write(dir, "v.yaml", "base: tiny\nvariants:\n  a: []\n  b: [seed=3]\n"));
        assertEquals(List.of(Path.of("runs", "v", "001-a"), Path.of("runs", "v", "002-b")),
                v.runs().stream().map(ExperimentRun::folder).toList());
    }

    @Test
    void everyPresetLoadsAndChecksAgainstTheConfiguration() throws IOException {
        for (String name : ExperimentPlan.PRESETS) {
            ExperimentPlan p = ExperimentPlan.load(name);
            assertEquals(name, p.name());
            assertEquals(Path.of("runs", name), p.output());
            assertTrue(p.runs().size() >= 2, name);
            assertTrue(p.evaluate().ood().size() >= 2, name);
        }
        ExperimentPlan neg = ExperimentPlan.load("ablation-negatives");
        assertEquals(List.of("clel,seed=0", "clel,seed=1", "baseline,seed=0", "baseline,seed=1"),
                neg.runs().stream().map(ExperimentRun::name).toList());
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load("ablation-nothing")).getMessage()
                .contains("ablation-nothing: no such experiment file (presets: ablation-negatives,"));
    }

    /** The capabilities plan: CLEL and its control on two seeds, and every measure of CLEL's abilities as a column. */
    @Test
    void capabilitiesPlansCelAndItsControlOnTwoSeedsWithEveryAbility() throws IOException {
        ExperimentPlan p = ExperimentPlan.load("capabilities");
        assertEquals(List.of("clel,seed=0", "clel,seed=1", "control,seed=0", "control,seed=1"),
                p.runs().stream().map(ExperimentRun::name).toList());
        assertTrue(p.runs().get(2).overrides().containsAll(List.of("loss.beta=0", "loss.use_negatives=false")));
        assertEquals(List.of("AUROC shapes-unseen-colors", "AUROC shapes-unseen-shapes", "AUROC shapes-noise",
                "class accuracy", "compose red+large", "compose blue+light_background", "1-NN accuracy"),
                p.evaluate().columns());
        assertEquals(100, p.evaluate().samplesPerCondition());
        assertEquals(1.0, p.evaluate().samplingBeta());
        assertEquals(200, p.evaluate().samplingSteps());
        assertEquals(1, p.evaluate().samplingRounds());
        p.checkEvaluation();
    }

    /** Fashion-MNIST's capabilities: five training classes, the other five as semantic OOD data, CLEL and control. */
    @Test
    void fashionMnistCapabilitiesPlansSemanticOodOnUnseenClasses() throws IOException {
        ExperimentPlan p = ExperimentPlan.load("capabilities-fmnist");
        assertEquals("fmnist", p.base());
        assertEquals(List.of("data.classes=0-4"), p.overrides());
        assertEquals(List.of("clel,seed=0", "clel,seed=1", "control,seed=0", "control,seed=1"),
                p.runs().stream().map(ExperimentRun::name).toList());
        assertTrue(p.runs().get(3).overrides().containsAll(List.of("data.classes=0-4", "loss.beta=0",
                "loss.use_negatives=false", "seed=1")));
        assertEquals(List.of("AUROC fashion_mnist[5-9]=/usr/share/datasets/fashion-mnist", "AUROC shapes-noise",
                "class accuracy", "1-NN accuracy"), p.evaluate().columns());
        assertEquals(100, p.evaluate().samplesPerCondition());
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "skipped: Fashion-MNIST is not installed (apt install dataset-fashion-mnist)");
        p.checkEvaluation();
    }

    @Test
    void evaluationAndVariantMistakesNameTheKey(@TempDir Path dir) throws IOException {
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "g.yaml",
                "base: tiny\nevaluate:\n  fid: true\n"))).getMessage().endsWith("g.yaml: evaluate: unknown key 'fid' "
                + "(expected ood, ood_beta, ood_count, class_accuracy, compose, classifier, attribute_classifier, "
                + "samples_per_condition, latent_images, sampling_steps, sampling_rounds, sampling_beta, knn, knn_k, "
                + "knn_reference, knn_queries)"));
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "h.yaml",
                "base: tiny\nevaluate:\n  ood: shapes-noise\n"))).getMessage().contains("h.yaml: evaluate.ood must be "
                + "a non-empty list"));
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "i.yaml",
                "base: tiny\nevaluate:\n  ood: [shapes-noise]\n  ood_beta: -1\n"))).getMessage()
                .contains("i.yaml: evaluate.ood_beta must be a finite number >= 0, got -1.0"));
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "j.yaml",
                "base: tiny\nvariants:\n  a b: []\n"))).getMessage().contains("variant name 'a b' may only hold"));
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "k.yaml",
                "base: tiny\nvariants:\n  a: [seed]\n"))).getMessage().contains("k.yaml: variant 'a' must be a list "
                + "of key=value, got seed"));
        String bad = assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "l.yaml",
                "base: tiny\nvariants:\n  a: [loss.bta=1]\n"))).getMessage();
        assertTrue(bad.contains("l.yaml: run a:") && bad.contains("loss.bta"), bad);
    }

    @Test
    void malformedEvaluationKeysAreOneLineErrorsNamingTheKey(@TempDir Path dir) throws IOException {
        String[][] cases = {
            {"class_accuracy: yes please", "e.yaml: evaluate.class_accuracy must be true or false, got yes please"},
            {"knn_k: 0", "e.yaml: evaluate.knn_k must be positive, got 0"},
            {"samples_per_condition: 2.5", "e.yaml: evaluate.samples_per_condition must be a whole number, got 2.5"},
            {"sampling_rounds: -1", "e.yaml: evaluate.sampling_steps and sampling_rounds must be >= 0 (0: the run's "
                + "sampler.eval_steps and eval_rounds), got 0 and -1"},
            {"sampling_beta: .inf", "e.yaml: evaluate.sampling_beta must be a finite number >= 0, got Infinity"},
            {"knn_reference: 2\n  knn_k: 5", "e.yaml: evaluate.knn_reference must be at least knn_k (5), got 2"},
            {"classifier: " + dir.resolve("none.clf"), "e.yaml: evaluate.classifier: no such file '" + dir.resolve("none.clf")
                + "' (expected 'auto' or a classifier file from 'clel classifier train')"},
            {"attribute_classifier: 3", "e.yaml: evaluate.attribute_classifier must be 'auto' or a classifier file, got 3"},
            {"compose: [red, large]", "e.yaml: evaluate.compose: 'red' names one attribute; a composition needs at least "
                + "two, e.g. red,large (several: [\"red,large\", \"blue,top_half\"])"},
            {"compose: {red: large}", "e.yaml: evaluate.compose must be attribute names joined by commas (red,large) or a "
                + "list of such, got {red=large}"},
            {"compose: red,,large", "e.yaml: evaluate.compose: empty attribute name in 'red,,large'"},
            {"compose: [\"red,large\", [large, red, red]]", "e.yaml: evaluate.compose: 'large,red,red' names an attribute twice"},
        };
        for (String[] c : cases) {
            String message = assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "e.yaml",
                    "base: tiny\nevaluate:\n  " + c[0] + "\n"))).getMessage();
            assertTrue(message.endsWith(c[1]), c[0] + " -> " + message);
            assertFalse(message.contains("\n"), message);
        }
        // what the data offers is checked before any training: the shapes have no attribute "purple"
        ExperimentPlan plan = ExperimentPlan.load(write(dir, "f.yaml", "base: tiny\nevaluate:\n  compose: red,purple\n"));
        assertEquals("f: evaluate.compose: data set shapes has no attribute 'purple' (its attributes: red, green, blue, "
                + "yellow, magenta, cyan, large, light_background, left_half, top_half)",
                assertThrows(ConfigException.class, plan::checkEvaluation).getMessage());
        ExperimentPlan.load(write(dir, "g.yaml", "base: tiny\nevaluate:\n  class_accuracy: true\n  compose: "
                + "[\"red,large\", [blue, top_half]]\n")).checkEvaluation();
    }

    @Test
    void mistakesNameTheFileAndTheKey(@TempDir Path dir) throws IOException {
        assertTrue(assertThrows(ConfigException.class, () -> ExperimentPlan.load(write(dir, "a.yaml",
                "base: tiny\ngird:\n  seed: [0]\n"))).getMessage().endsWith("a.yaml: unknown key 'gird' (expected base, "
                + "overrides, variants, grid, evaluate, output)"));
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

    @Test
    void summariesGiveTheStudentTIntervalOfTheMean() {
        // 1..4: std sqrt(5/3), t(0.975, 3) = 3.182, half-width 3.182 * 1.29099 / 2 = 2.05397
        Summary s = Summary.of(1, 2, 3, 4);
        assertEquals(3.182 * Math.sqrt(5.0 / 3.0) / 2, s.halfWidth95(), 1e-12);
        assertEquals("2.500 ± 1.291 (95%: 0.446 to 4.554)", s.formatWithInterval(3));
        // two seeds 0.4 and 0.6: std 0.14142, t(0.975, 1) = 12.706, half-width 12.706 * 0.1 = 1.2706
        assertEquals(1.2706, Summary.of(0.4, 0.6).halfWidth95(), 1e-12);
        assertTrue(Double.isNaN(Summary.of(0.5).halfWidth95()));
        assertEquals("0.50", Summary.of(0.5).formatWithInterval(2));
        // beyond 31 values the normal quantile
        double[] many = new double[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = i % 2;
        }
        Summary m = Summary.of(many);
        assertEquals(1.96 * m.std() / Math.sqrt(40), m.halfWidth95(), 1e-12);
    }
}
