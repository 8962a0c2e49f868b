package clel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.TestModels;
import clel.config.ClelConfig;
import clel.config.DivergenceAction;
import clel.data.ShapesDataset;
import clel.model.ClelNetworks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard inside a real training loop, with faults injected through a {@link TrainingObserver}. */
class TrainerGuardTest {

    /**
     * Multiplies the first EBM gradient by {@code factor} (or puts a NaN in it) at the given iterations, the first
     * time each is run (a rolled-back run repeats them with other random draws).
     */
    private static TrainingObserver corruptGradient(long[] at, float factor) {
        return new TrainingObserver() {
            private final Set<Long> done = new HashSet<>();

            @Override
            public void phaseEnded(StepPhase phase, StepTensors s) {
                if (phase != StepPhase.BACKWARD) {
                    return;
                }
                for (long a : at) {
                    if (a == s.iteration() && done.add(a)) {
                        Parameter p = s.live().ebm().getParameters().valueAt(0);
                        try (NDArray g = p.getArray().getGradient()) {
                            if (Float.isNaN(factor)) {
                                g.set(new NDIndex("0"), Float.NaN);
                            } else {
                                g.muli(g.getManager().full(new ai.djl.ndarray.types.Shape(), factor));
                            }
                        }
                    }
                }
            }
        };
    }

    private static TrainingObserver recording(List<String> messages) {
        return new TrainingObserver() {
            @Override
            public void message(String message) {
                messages.add(message);
            }
        };
    }

    private static List<float[]> weights(ClelNetworks n) {
        List<float[]> w = new ArrayList<>();
        for (var block : List.of(n.ebm(), n.encoder())) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (clel.nn.ParameterCounting.isTrainable(p.getValue())) { // not u, v or BatchNorm statistics
                    w.add(p.getValue().getArray().toFloatArray());
                }
            }
        }
        return w;
    }

    @Test
    void aNonFiniteGradientIsSkippedAndNeverReachesTheOptimizers(@TempDir Path dir) throws IOException {
        ClelConfig cfg = TestModels.microRun(dir, "guard.on_bad_gradient=skip");
        List<String> messages = new ArrayList<>();
        try (Trainer t = Trainer.start(cfg, ShapesDataset.train(32, 1), dir, Device.cpu())) {
            t.step();
            List<float[]> before = weights(t.live());
            List<float[]> emaBefore = weights(t.ema());
            TrainingObserver fault = corruptGradient(new long[] {1}, Float.NaN);
            StepMetrics m = t.step(new TrainingObserver() {
                @Override
                public void phaseEnded(StepPhase phase, StepTensors s) {
                    fault.phaseEnded(phase, s);
                }

                @Override
                public void message(String message) {
                    messages.add(message);
                }
            });
            assertTrue(m.diagnostics().skipped());
            assertFalse(Float.isFinite(m.ebmGradients().norms()[0]));
            List<float[]> after = weights(t.live());
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), 0f, "live weights untouched, array " + i);
                assertArrayEquals(emaBefore.get(i), weights(t.ema()).get(i), 0f, "EMA untouched, array " + i);
            }
            assertEquals(2, t.iteration(), "the iteration still counts");
            assertTrue(messages.stream().anyMatch(s -> s.contains("update skipped") && s.contains("non-finite gradient")),
                    messages.toString());
            // the next iteration is normal, and Adam's state holds nothing non-finite
            StepMetrics next = t.step();
            assertFalse(next.diagnostics().skipped());
            assertTrue(Double.isFinite(next.diagnostics().gradToMoment()) && next.diagnostics().gradToMoment() > 0);
            for (float[] w : weights(t.live())) {
                for (float v : w) {
                    assertTrue(Float.isFinite(v));
                }
            }
        }
    }

    @Test
    void tooManySkipsInARowAreADivergence(@TempDir Path dir) throws IOException {
        ClelConfig cfg = TestModels.microRun(dir, "guard.on_bad_gradient=skip", "guard.max_skips=2",
                "guard.on_divergence=stop");
        try (Trainer t = Trainer.start(cfg, ShapesDataset.train(32, 1), dir, Device.cpu())) {
            TrainingObserver fault = corruptGradient(new long[] {0, 1, 2, 3}, Float.NaN);
            t.step(fault);
            t.step(fault);
            DivergenceException e = assertThrows(DivergenceException.class, () -> t.step(fault));
            assertTrue(e.getMessage().contains("3 updates in a row skipped (guard.max_skips 2)"), e.getMessage());
            assertEquals(DivergenceAction.STOP, e.action());
        }
    }

    @Test
    void aBadGradientCanAskForARollback(@TempDir Path dir) throws IOException {
        ClelConfig cfg = TestModels.microRun(dir, "guard.on_bad_gradient=rollback", "guard.max_rollbacks=1");
        List<String> messages = new ArrayList<>();
        try (Trainer t = Trainer.start(cfg, ShapesDataset.train(32, 1), dir, Device.cpu())) {
            TrainingLoop.standard(t, recording(messages)).add(corruptGradient(new long[] {1}, Float.NaN)).run();
            assertEquals(4, t.iteration());
        }
        assertEquals(1, messages.stream().filter(s -> s.contains("non-finite gradient") && s.contains("rolled back")).count(),
                messages.toString());
    }

    /**
     * One outsized but finite gradient: with beta1 = 0, Adam folds its square into v, and every later step is about 0.
     * The health rule sees sum g^2 / sum v_hat collapse and stops the run.
     */
    @Test
    void anOutsizedGradientCollapsesAdamAndTheHealthRuleNoticesIt(@TempDir Path dir) throws IOException {
        ClelConfig cfg = TestModels.microRun(dir, "iterations=12", "guard.window=4", "guard.max_inversion=1e9",
                "guard.min_latent_cosine=-2", "guard.on_divergence=stop", "optim.warmup_iterations=2");
        try (Trainer t = Trainer.start(cfg, ShapesDataset.train(32, 1), dir, Device.cpu())) {
            TrainingObserver fault = corruptGradient(new long[] {2}, 1e8f);
            List<Double> ratios = new ArrayList<>();
            DivergenceException e = assertThrows(DivergenceException.class, () -> {
                for (int i = 0; i < 12; i++) {
                    ratios.add(t.step(fault).diagnostics().gradToMoment());
                }
            });
            assertTrue(e.getMessage().startsWith("EBM optimizer collapsed over iterations"), e.getMessage());
            assertTrue(ratios.get(1) > 1e-3, "healthy before the spike: " + ratios);
            assertTrue(ratios.get(ratios.size() - 1) < 1e-6, "collapsed after it: " + ratios);
        }
    }
}
