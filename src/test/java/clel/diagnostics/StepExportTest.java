package clel.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.config.ClelConfig;
import clel.data.ShapesDataset;
import clel.evaluation.NpyArray;
import clel.evaluation.NpyFile;
import clel.nn.ParameterCounting;
import clel.optim.Schedules;
import clel.training.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class StepExportTest {

    private static NpyArray npy(Path p) throws IOException {
        return NpyFile.read(p);
    }

    private static List<Integer> shape(NpyArray a) {
        return Arrays.stream(a.shape()).boxed().toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void exportsEveryPhaseOfTheFirstIterationsConsistently(@TempDir Path dir) throws IOException {
        // a separate encoder batch (6) and a gradient clip small enough to bite exercise those paths too
        ClelConfig cfg = clel.TestModels.microRun(dir.resolve("run"), "optim.encoder_batch_size=6",
                "sampler.grad_clip=1.0e-7");
        Path out = dir.resolve("export");
        List<float[]> afterSecond = new ArrayList<>();
        int trainableEbm = 0;
        try (Trainer t = Trainer.start(cfg, ShapesDataset.train(32, 1), dir.resolve("run"), Device.cpu())) {
            StepExport e = StepExport.start(t, out, 2);
            t.step(e);
            t.step(e);
            for (Pair<String, Parameter> p : t.live().ebm().getParameters()) {
                afterSecond.add(p.getValue().getArray().toFloatArray());
                trainableEbm += ParameterCounting.isTrainable(p.getValue()) ? 1 : 0;
            }
            t.step(e);
            assertEquals(2, e.exportedIterations());
            assertThrows(IllegalStateException.class, () -> StepExport.start(t, dir.resolve("late"), 1));
        }
        assertFalse(Files.exists(out.resolve("iter_0003")), "only K iterations are exported");

        Map<String, Object> index = new Yaml().load(Files.readString(out.resolve("index.json")));
        assertEquals(StepExport.FORMAT, index.get("format"));
        List<Map<String, Object>> its = (List<Map<String, Object>>) index.get("iterations");
        assertEquals(2, its.size());
        for (int i = 0; i < 2; i++) {
            Map<String, Object> it = its.get(i);
            assertEquals(i + 1, it.get("iteration"));
            assertEquals(Schedules.linearWarmup(cfg.optim().ebmLr(), cfg.optim().warmupIterations(), i),
                    ((Number) it.get("lr_ebm")).doubleValue(), 0.0);
            assertEquals(Schedules.cosine(cfg.optim().encoderLr(), cfg.iterations(), i),
                    ((Number) it.get("lr_encoder")).doubleValue(), 0.0);
            assertEquals(Boolean.TRUE, it.get("x_encoder_separate"));
            assertEquals(Boolean.FALSE, it.get("skipped"));
            Map<String, Object> sc = (Map<String, Object>) it.get("scalars");
            double loss = ((Number) sc.get("loss")).doubleValue();
            double parts = ((Number) sc.get("loss_ebm")).doubleValue() + ((Number) sc.get("loss_le")).doubleValue();
            assertEquals(parts, loss, 1e-6 * Math.abs(loss), "loss = L_EBM + L_LE");
        }
        List<Map<String, Object>> ebmParams = (List<Map<String, Object>>)
                ((Map<String, Object>) index.get("parameters")).get("ebm");
        assertEquals(afterSecond.size(), ebmParams.size());

        // SGLD: the chain is continuous and each step is clamp(x - step_size * clip(grad) + noise, 0, 1)
        Path it1 = out.resolve("iter_0001");
        NpyArray xs = npy(it1.resolve("sgld_x.npy"));
        assertEquals(List.of(2, 4, 3, 32, 32), shape(xs));
        float[] x = xs.floats();
        float[] grad = npy(it1.resolve("sgld_grad.npy")).floats();
        float[] noise = npy(it1.resolve("sgld_noise.npy")).floats();
        float[] next = npy(it1.resolve("sgld_next.npy")).floats();
        assertEquals(List.of(2, 4), shape(npy(it1.resolve("sgld_energy.npy"))));
        int per = x.length / 2;
        float clip = 1e-7f;
        int clipped = 0;
        for (int i = 0; i < x.length; i++) {
            assertTrue(Math.abs(grad[i]) <= clip, "gradient clipped to [-clip, clip]");
            clipped += Math.abs(grad[i]) == clip ? 1 : 0;
            float expected = Math.min(1f, Math.max(0f, x[i] - 100f * grad[i] + noise[i]));
            assertEquals(expected, next[i], 2e-7f, "SGLD update at " + i);
        }
        assertTrue(clipped > 0, "the clip was active somewhere");
        assertArrayEquals(Arrays.copyOfRange(next, 0, per), Arrays.copyOfRange(x, per, 2 * per), 0f,
                "x_1 = next_0");
        assertArrayEquals(Arrays.copyOfRange(x, 0, per), npy(it1.resolve("chains.npy")).floats(), 0f,
                "x_0 = the chains");
        assertArrayEquals(Arrays.copyOfRange(next, per, 2 * per), npy(it1.resolve("samples.npy")).floats(), 0f,
                "x~ = next_1");

        // encoder inputs and training forward shapes
        assertEquals(List.of(6, 3, 32, 32), shape(npy(it1.resolve("x_encoder.npy"))));
        assertEquals(List.of(12, 3, 32, 32), shape(npy(it1.resolve("views.npy"))));
        assertEquals(List.of(12, cfg.model().featureDim()), shape(npy(it1.resolve("h.npy"))));
        assertEquals(List.of(8, cfg.model().featureDim()), shape(npy(it1.resolve("features.npy"))));
        assertEquals(List.of(8), shape(npy(it1.resolve("marginal.npy"))));
        float[] z = npy(it1.resolve("z.npy")).floats();
        double norm = 0;
        for (int j = 0; j < cfg.model().featureDim(); j++) {
            norm += z[j] * z[j];
        }
        assertEquals(1.0, norm, 1e-5, "z has unit rows");

        // one gradient per trainable parameter; the exported state after iteration 2 is the trainer's
        try (var files = Files.list(out.resolve("iter_0002").resolve("grad").resolve("ebm"))) {
            assertEquals(trainableEbm, files.count());
        }
        for (int i = 0; i < afterSecond.size(); i++) {
            Path p = out.resolve("iter_0002").resolve("after").resolve("ebm_live").resolve(String.format("%03d.npy", i));
            assertArrayEquals(afterSecond.get(i), npy(p).floats(), 0f, "parameter " + i + " after iteration 2");
        }
        // the EMA starts as a copy of the live networks
        for (int i = 0; i < afterSecond.size(); i++) {
            String f = String.format("%03d.npy", i);
            assertArrayEquals(npy(out.resolve("initial").resolve("ebm_live").resolve(f)).floats(),
                    npy(out.resolve("initial").resolve("ebm_ema").resolve(f)).floats(), 0f);
        }
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("grad_clip: 1.0E-7"));
    }
}
