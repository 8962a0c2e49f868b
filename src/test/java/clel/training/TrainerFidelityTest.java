package clel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import clel.TestModels;
import clel.config.ClelConfig;
import clel.data.ShapesDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training step behaves as the public code's (GitHub hankook/CLEL, models/ebm.py and models/sampler.py). */
class TrainerFidelityTest {

    private static Trainer start(Path dir, String... overrides) throws IOException {
        ClelConfig cfg = TestModels.microRun(dir, overrides);
        return Trainer.start(cfg, ShapesDataset.train(32, 1), dir, Device.cpu());
    }

    /**
     * encoder(augment(cat[x, x])): both views in one forward, so BatchNorm normalizes with statistics over all 2B views;
     * and the encoder sees the EBM's batch.
     */
    @Test
    void bothViewsGoThroughTheEncoderInOneForwardOfTheEbmBatch(@TempDir Path dir) throws IOException {
        try (Trainer t = start(dir)) {
            List<String> checks = new ArrayList<>();
            t.step(new TrainingObserver() {
                @Override
                public void phaseEnded(StepPhase phase, StepTensors s) {
                    if (phase == StepPhase.DATA) {
                        assertSame(s.x(), s.xEncoder(), "equal batch sizes: the encoder trains on the EBM's x");
                    }
                    if (phase != StepPhase.FORWARD) {
                        return;
                    }
                    NDArray views = s.views();
                    NDArray h = s.projections();
                    assertEquals(8, views.getShape().get(0), "2B = 8 stacked views");
                    ParameterStore ps = new ParameterStore(h.getManager(), false);
                    NDArray whole = t.live().encoder().forward(ps, new NDList(views), true).singletonOrThrow();
                    NDArray halves = NDArrays.concat(new NDList(
                            t.live().encoder().forward(ps, new NDList(views.get("0:4")), true).singletonOrThrow(),
                            t.live().encoder().forward(ps, new NDList(views.get("4:8")), true).singletonOrThrow()), 0);
                    assertArrayEquals(whole.toFloatArray(), h.toFloatArray(), 1e-6f, "h is one forward over all 2B views");
                    float diff = halves.sub(h).abs().max().getFloat();
                    assertTrue(diff > 1e-3, "per-view BatchNorm statistics would give other outputs (diff " + diff + ")");
                    checks.add("done");
                }
            });
            assertEquals(List.of("done"), checks);
        }
    }

    @Test
    void aDifferentEncoderBatchSizeGetsItsOwnBatch(@TempDir Path dir) throws IOException {
        try (Trainer t = start(dir, "optim.encoder_batch_size=6")) {
            long[] rows = new long[2];
            t.step(new TrainingObserver() {
                @Override
                public void phaseEnded(StepPhase phase, StepTensors s) {
                    if (phase == StepPhase.DATA) {
                        rows[0] = s.xEncoder().getShape().get(0);
                    } else if (phase == StepPhase.AUGMENT) {
                        rows[1] = s.views().getShape().get(0);
                    }
                }
            });
            assertArrayEquals(new long[] {6, 12}, rows);
        }
    }

    /** The stem convolution's power-iteration vector u before and after SGLD (chains -> samples). */
    private static float[][] stemUAroundSgld(Trainer t) {
        Parameter u = TestModels.param(t.live().ebm(), "stem_u");
        float[][] seen = new float[2][];
        t.step(new TrainingObserver() {
            @Override
            public void phaseEnded(StepPhase phase, StepTensors s) {
                if (phase == StepPhase.TRANSITION) {
                    seen[0] = u.getArray().toFloatArray();
                } else if (phase == StepPhase.SGLD) {
                    seen[1] = u.getArray().toFloatArray();
                }
            }
        });
        return seen;
    }

    @Test
    void sgldUpdatesTheSpectralNormVectorsOnlyWhenConfigured(@TempDir Path dir) throws IOException {
        try (Trainer t = start(dir.resolve("on"), "sampler.update_spectral_norm=true")) {
            float[][] u = stemUAroundSgld(t);
            assertFalse(Arrays.equals(u[0], u[1]), "training-mode SGLD runs power iterations");
        }
        try (Trainer t = start(dir.resolve("off"), "sampler.update_spectral_norm=false")) {
            float[][] u = stemUAroundSgld(t);
            assertArrayEquals(u[0], u[1], 0f, "evaluation-mode SGLD leaves u as it is");
        }
    }

    /**
     * Restarted chains are i.i.d. uniform noise, whose horizontally adjacent pixels are uncorrelated; the strong
     * transition (a resized crop, i.e. an up-sampling interpolation) correlates them.
     */
    @Test
    void restartedChainsAreAugmentedToo(@TempDir Path dir) throws IOException {
        double[] correlation = new double[2];
        String[] transitions = {"none", "strong"};
        for (int k = 0; k < 2; k++) {
            try (Trainer t = start(dir.resolve(transitions[k]), "sampler.reinit_prob=1", "sampler.transition=" + transitions[k],
                    "optim.batch_size=16", "optim.encoder_batch_size=16")) {
                int kk = k;
                t.step(new TrainingObserver() {
                    @Override
                    public void phaseEnded(StepPhase phase, StepTensors s) {
                        if (phase == StepPhase.TRANSITION) {
                            correlation[kk] = adjacentCorrelation(s.chains().toFloatArray(), 32);
                        }
                    }
                });
            }
        }
        assertEquals(0, correlation[0], 0.03, "without a transition the restarted chains are i.i.d. U(0, 1)");
        assertTrue(correlation[1] > 0.2, "the transition moved the restarted chains too: " + correlation[1]);
    }

    /** Correlation of horizontally adjacent pixels over rows of {@code width} values. */
    private static double adjacentCorrelation(float[] v, int width) {
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double var = 0;
        double cov = 0;
        int pairs = 0;
        for (int i = 0; i < v.length; i++) {
            var += (v[i] - mean) * (v[i] - mean);
            if (i % width != width - 1) {
                cov += (v[i] - mean) * (v[i + 1] - mean);
                pairs++;
            }
        }
        return (cov / pairs) / (var / v.length);
    }
}
