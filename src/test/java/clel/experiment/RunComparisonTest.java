package clel.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.run.Checkpoint;
import clel.run.CheckpointEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs made by hand: grouped by their configurations apart from the seed, in the experiment's table and page. */
class RunComparisonTest {
    /** A run folder: its config, 10 logged iterations with E(x) = e, a checkpoint at {@code reached}. */
    private static Path run(Path dir, double beta, int seed, double e, long reached, String measures) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.yaml"), "seed: " + seed + "\niterations: 300\noutput_dir: " + dir
                + "\nloss:\n  beta: " + beta + "\n  temperature: 0.2\n");
        StringBuilder m = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            m.append("{\"iteration\":").append(i * 30).append(",\"energy_data\":").append(e).append("}\n");
        }
        Files.writeString(dir.resolve("metrics.jsonl"), m);
        Checkpoint c = new Checkpoint(new LinkedHashMap<>());
        c.put(CheckpointEntry.META, ("format_version=1\niteration=" + reached + "\n").getBytes(StandardCharsets.UTF_8));
        c.write(dir.resolve("last.ckpt"));
        if (measures != null) {
            Files.createDirectories(dir.resolve("eval"));
            Files.writeString(dir.resolve("eval/experiment.json"), "{\"iteration\": " + reached + ", \"measures\": "
                    + measures + "}");
        }
        return dir;
    }

    @Test
    void runsThatDifferOnlyInTheirSeedFormAGroup(@TempDir Path tmp) throws Exception {
        String knn = "{\"1-NN accuracy\": {\"value\": %s, \"settings\": \"knn_reference=2000 knn_queries=1000\"}}";
        Path a0 = run(tmp.resolve("a0"), 0.01, 0, 1.0, 300, String.format(knn, "0.8"));
        Path a1 = run(tmp.resolve("a1"), 0.01, 1, 3.0, 300, String.format(knn, "0.6"));
        Path b0 = run(tmp.resolve("b0"), 0, 0, 5.0, 300, null);
        Path b1 = run(tmp.resolve("b1"), 0, 1, 7.0, 150, null);
        Path out = tmp.resolve("cmp");
        String md = RunComparison.write(List.of(a0, a1, b0, b1), out);
        assertTrue(md.contains("Settings in which their configurations differ: `loss.beta`, `seed`"), md);
        assertTrue(md.contains("| a0 | finished | 1.0000 |"), md);
        assertTrue(md.contains("| b1 | unfinished: iteration 150 of 300 | 7.0000 |"), md);
        // the unfinished run is left out of its group's mean; the stored k-NN accuracy is a column
        assertTrue(md.contains("| loss.beta=0.01 | 2 | 2.0000 ± 1.4142 (95%: -10.7060 to 14.7060) |"), md);
        assertTrue(md.contains("| 0.7000 ± 0.1414 (95%: -0.5706 to 1.9706) |"), md);
        assertTrue(md.contains("| loss.beta=0.0 | 1 | 5.0000 |"), md);
        assertTrue(md.contains("| 1-NN accuracy |"), md);
        for (String f : List.of("results.md", "results.json", "results.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertTrue(Files.readString(out.resolve("results.json")).contains("\"progress\": \"iteration 150 of 300\""));
        assertTrue(Files.readString(out.resolve("results.html")).contains("<td>loss.beta=0.01</td>"));
    }

    @Test
    void aMeasureTakenWithOtherSettingsGetsItsOwnColumnAndAFailedRunIsMarked(@TempDir Path tmp) throws Exception {
        String auroc = "{\"AUROC shapes-noise\": {\"value\": 0.9, \"settings\": \"ood_beta=0.1 ood_count=%d\"}}";
        Path a = run(tmp.resolve("a"), 0.01, 0, 1.0, 300, String.format(auroc, 2000));
        Path b = run(tmp.resolve("b"), 0.01, 1, 2.0, 300, String.format(auroc, 500));
        Files.writeString(b.resolve(ExperimentRunner.FAILED), "EBM diverged\n");
        String md = RunComparison.write(List.of(a, b), tmp.resolve("cmp"));
        assertTrue(md.contains("| AUROC shapes-noise [ood_beta=0.1 ood_count=2000] | AUROC shapes-noise [ood_beta=0.1 "
                + "ood_count=500] |"), md);
        assertTrue(md.contains("| b | failed: EBM diverged |"), md);
        assertTrue(md.contains("| all | 1 | 1.0000 |"), "runs that differ only in their seed: one group\n" + md);
    }

    @Test
    void aMissingFolderOrOneThatIsNotARunIsNamed(@TempDir Path tmp) throws Exception {
        Path a = run(tmp.resolve("a"), 0.01, 0, 1.0, 300, null);
        assertEquals(tmp.resolve("nope") + ": no such folder", assertThrows(IllegalArgumentException.class,
                () -> RunComparison.write(List.of(a, tmp.resolve("nope")), tmp.resolve("cmp"))).getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(empty + ": not a clel run folder (no config.yaml)", assertThrows(IllegalArgumentException.class,
                () -> RunComparison.write(List.of(empty), tmp.resolve("cmp"))).getMessage());
        assertEquals(a + ": is one of the compared runs; write the comparison elsewhere (-o)",
                assertThrows(IllegalArgumentException.class, () -> RunComparison.write(List.of(a), a)).getMessage());
        assertEquals(a + ": named twice", assertThrows(IllegalArgumentException.class,
                () -> RunComparison.write(List.of(a, a), tmp.resolve("cmp"))).getMessage());
    }
}
