package clel.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import clel.TestModels;
import clel.config.EncoderObjectiveKind;
import clel.config.EncoderObjectiveSettings;
import clel.config.LossConfig;
import clel.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L_LE of loss.encoder_objective=mae (Appendix C, step 3: eq. 13 on the frozen MAE encoder + MLP, views without
 * augmentation) against PyTorch: src/test/python/make_mae_standin.py computes the projections, eq. (13) with and without
 * the EBM's latents as negatives (its own formulation: positives and log-sum-exp over the other columns), and the
 * gradient of the first with respect to the MLP's first weight, for the same MLP weights, images and latents.
 */
class MaeObjectiveTest {
    private static final int IMAGES = 3;
    private static final EncoderObjectiveKind MAE = new EncoderObjectiveKind("mae");

    @Test
    void lossProjectionsAndGradientMatchPyTorch(@TempDir Path dir) throws IOException {
        Path file = MaeStandIn.copy(MaeStandIn.FILE, dir);
        ModelConfig model = TestModels.tiny(); // hidden 32, d_z 16 as the script
        EncoderObjectiveSettings settings = EncoderObjective.definition(MAE)
                .pin(EncoderObjectiveSettings.defaults().with(new MaeSettings(file.toString(), "")));
        float[] losses = MaeStandIn.floats("mae-objective-losses.npy", dir);
        try (NDManager m = NDManager.newBaseManager()) {
            // h as the networks build it: the objective's factory
            MaeEncoder h = (MaeEncoder) EncoderObjective.definition(MAE).encoder(model, settings, m);
            h.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            for (String[] p : new String[][] {{"fc1_weight", "fc1-weight"}, {"fc1_bias", "fc1-bias"},
                    {"bn_gamma", "bn-gamma"}, {"bn_beta", "bn-beta"}, {"fc2_weight", "fc2-weight"}, {"fc2_bias", "fc2-bias"}}) {
                NDArray a = TestModels.param(h, p[0]).getArray();
                a.set(new NDIndex("..."), m.create(MaeStandIn.floats("mae-objective-" + p[1] + ".npy", dir), a.getShape()));
            }
            try (NDManager scope = m.newSubManager()) {
                NDArray x = MaeStandIn.fixedImages(scope, IMAGES);
                NDArray views = NDArrays.concat(new NDList(x, x), 0); // augment.encoder=none: two identical views
                NDArray negatives = scope.create(MaeStandIn.floats("mae-objective-negatives.npy", dir),
                        new Shape(4, model.featureDim()));
                ParameterStore ps = new ParameterStore(scope, false);
                EncoderObjective.Loss withNegatives;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    withNegatives = objective(true, model, settings, h, m).loss(ps, views, negatives);
                    gc.backward(withNegatives.value());
                }
                assertArrayEquals(MaeStandIn.floats("mae-objective-projections.npy", dir),
                        withNegatives.projections().toFloatArray(), 1e-4f);
                assertEquals(losses[0], withNegatives.value().getFloat(), 1e-5);
                assertArrayEquals(MaeStandIn.floats("mae-objective-fc1-weight-grad.npy", dir),
                        TestModels.param(h, "fc1_weight").getArray().getGradient().toFloatArray(), 1e-4f);
                EncoderObjective.Loss plain = objective(false, model, settings, h, m).loss(ps, views, negatives);
                assertEquals(losses[1], plain.value().getFloat(), 1e-5);
            }
        }
    }

    private static EncoderObjective objective(boolean useNegatives, ModelConfig model, EncoderObjectiveSettings settings,
                                              LatentEncoder h, NDManager m) {
        LossConfig loss = new LossConfig(1.0, 0.01, 0.2, useNegatives, MAE, 0.996);
        return EncoderObjective.of(loss, model, settings, h, m);
    }
}
