package clel.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results table reads each run's folder and aggregates over seeds, leaving failed runs out of the means. */
class ExperimentResultsTest {
    @Test
    void rowsPerRunAndMeanWithStdOverSeeds(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, "base: tiny\ngrid:\n  loss.beta: [0, 0.01]\n  seed: [0, 1]\noutput: " + dir.resolve("out") + "\n");
        ExperimentPlan plan = ExperimentPlan.load(file);
        List<ExperimentRunner.Outcome> outcomes = new ArrayList<>();
        double[] fd = {10, 14, 5, 99};
        for (ExperimentRun r : plan.runs()) {
            Files.createDirectories(r.folder());
            // 20 logged iterations; the final measures average the last 10% (2 lines)
            StringBuilder m = new StringBuilder();
            for (int i = 1; i <= 20; i++) {
                double e = i <= 18 ? 1.0 : 0.01 * r.index() + (i == 20 ? 0.002 : 0);
                m.append("{\"iteration\":").append(i).append(",\"energy_data\":").append(e)
                        .append(",\"energy_sample\":").append(2 * e).append(",\"latent_cosine\":0.5}\n");
            }
            Files.writeString(r.folder().resolve("metrics.jsonl"), m);
            Files.writeString(r.folder().resolve("eval.jsonl"), "{\"iteration\":10,\"value\":1000,\"relative\":0.9}\n"
                    + "{\"iteration\":20,\"value\":" + fd[r.index() - 1] + ",\"relative\":" + fd[r.index() - 1] / 100 + "}\n");
            boolean failed = r.index() == 4;
            outcomes.add(new ExperimentRunner.Outcome(r, failed ? ExperimentRunner.Status.FAILED
                    : ExperimentRunner.Status.FINISHED, failed ? "diverged" : null));
        }
        assertEquals(0.011, ExperimentResults.measures(plan.runs().get(0), new PlannedMeasures(plan.evaluate()))[0], 1e-12);
        String md = ExperimentResults.write(plan, outcomes);
        assertTrue(md.contains("| loss.beta=0,seed=1 | finished | 0.0210 | 0.0420 | 0.5000 | 14.0000 | 0.1400 | - | 0.0000 |"), md);
        assertTrue(md.contains("| loss.beta=0.01,seed=1 | failed: diverged |"), md);
        // group beta=0: FD 10 and 14 -> 12 ± 2.828; group beta=0.01: only its finished seed
        assertTrue(md.contains("| loss.beta=0 | 2 | 0.0160 ± 0.0071 (95%: -0.0475 to 0.0795) | 0.0320 ± 0.0141 (95%: -0.0951 to 0.1591) | "
                + "0.5000 ± 0.0000 (95%: 0.5000 to 0.5000) | 12.0000 ± 2.8284 (95%: -13.4120 to 37.4120) |"), md);
        assertTrue(md.contains("| loss.beta=0.01 | 1 | 0.0310 | 0.0620 | 0.5000 | 5.0000 | 0.0500 | - | 0.0000 |"), md);
        String json = Files.readString(plan.output().resolve("results.json"));
        assertTrue(json.contains("\"run\": \"loss.beta=0,seed=0\"") && json.contains("\"error\": \"diverged\""), json);
        // the page: both tables, and the runs' curves (the run folders hold no grids)
        String page = Files.readString(plan.output().resolve("results.html"));
        assertTrue(page.contains("<td>loss.beta=0.01,seed=1</td><td>failed: diverged</td>"), page);
        assertTrue(page.contains("<td>12.0000 ± 2.8284 (95%: -13.4120 to 37.4120)</td>"), "group FD with its interval");
        assertTrue(Files.isRegularFile(plan.output().resolve("curves/energy_data.png")));
    }
}
