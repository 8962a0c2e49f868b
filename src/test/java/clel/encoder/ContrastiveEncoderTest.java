package clel.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import clel.TestModels;
import org.junit.jupiter.api.Test;

class ContrastiveEncoderTest {

    private static float maxAbsDiff(float[] a, float[] b) {
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Test
    void batchNormUsesBatchStatisticsInTrainingAndRunningOnesInEvaluation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            ContrastiveEncoder h = new ContrastiveEncoder(TestModels.tiny());
            h.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray a = m.randomUniform(0f, 1f, new Shape(4, 3, 32, 32));
            NDArray b = m.randomUniform(0f, 1f, new Shape(4, 3, 32, 32));
            NDArray ab = a.concat(b.get("0:4"), 0);
            NDArray running = TestModels.param(h, "stem_bn_runningMean").getArray();
            float[] runningBefore = running.toFloatArray();

            // evaluation: image 0's output does not depend on the rest of the batch; running stats unchanged
            float[] evalAlone = h.forward(ps, new NDList(a), false).singletonOrThrow().get("0").toFloatArray();
            float[] evalMixed = h.forward(ps, new NDList(a.get("0:1").concat(b, 0)), false).singletonOrThrow().get("0").toFloatArray();
            assertTrue(maxAbsDiff(evalAlone, evalMixed) < 1e-5f);
            assertArrayEquals(runningBefore, running.toFloatArray(), 0f);

            // training: batch statistics make image 0's output depend on the batch, and running stats move
            float[] trainAlone = h.forward(ps, new NDList(a), true).singletonOrThrow().get("0").toFloatArray();
            float[] trainMixed = h.forward(ps, new NDList(ab), true).singletonOrThrow().get("0").toFloatArray();
            assertTrue(maxAbsDiff(trainAlone, trainMixed) > 1e-4f);
            assertTrue(maxAbsDiff(runningBefore, running.toFloatArray()) > 1e-6f);
            assertEquals(new Shape(8, 16), h.forward(ps, new NDList(ab), true).singletonOrThrow().getShape());
        }
    }

    @Test
    void zeroInitializedResidualBranchesMakeBlocksIdentityPlusShortcut() {
        try (NDManager m = NDManager.newBaseManager()) {
            BasicBlock block = new BasicBlock(4, 4, 1);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 4, 8, 8));
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 4, 8, 8));
            // bn2's scale starts at zero, so the block is relu(x) = x for x >= 0
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void latentsAreUnitVectors() {
        try (NDManager m = NDManager.newBaseManager()) {
            ContrastiveEncoder h = new ContrastiveEncoder(TestModels.tiny());
            h.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NDArray z = h.latent(new ParameterStore(m, false), m.randomUniform(0f, 1f, new Shape(3, 3, 32, 32)), false);
            assertArrayEquals(new float[] {1f, 1f, 1f}, z.square().sum(new int[] {1}).toFloatArray(), 1e-5f);
        }
    }
}
