package clel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import clel.TestModels;
import clel.classifier.ClassifierTarget;
import clel.classifier.ImageClassifier;
import clel.encoder.ContrastiveEncoder;
import clel.energy.DirectionalProjector;
import clel.energy.Energies;
import clel.energy.EnergyModel;
import clel.energy.EnergyOutput;
import clel.loss.EbmLoss;
import clel.loss.NtXentLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every operation on the autograd paths of training, SGLD, sampling and the classifier, with a garbage collection
 * and recycled, garbage-filled memory between the forward pass and the backward pass ({@link Backward#recycleFreedMemory}).
 * A graph that still reads memory Java has freed (DJL's {@code mul(Number)} and friends, arrays created from
 * Java memory and closed early; see {@link GraphSafe}) gets a wrong gradient here. Each gradient is compared with
 * a hand-computed value or, for whole networks, with the same computation without the churn (bit for bit).
 */
class GraphMemorySafetyTest {
    private static final int TRIALS = 3;

    /** d/dx of sum(f(x)), with or without memory churn between forward and backward. */
    private static float[] inputGradient(NDArray x0, Function<NDArray, NDArray> f, boolean churn) {
        NDManager m = x0.getManager();
        try (NDManager scope = m.newSubManager()) {
            NDArray x = x0.duplicate();
            x.attach(scope);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                if (churn) {
                    Backward.recycleFreedMemory();
                }
                gc.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Gradients of every trainable parameter of the blocks, concatenated, after one backward of sum(f()). */
    private static float[] parameterGradients(NDManager m, Function<NDManager, NDArray> f, boolean churn, Block... blocks) {
        try (NDManager scope = m.newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(scope).sum();
                if (churn) {
                    Backward.recycleFreedMemory();
                }
                gc.backward(y);
            }
            List<Float> all = new ArrayList<>();
            for (Block b : blocks) {
                for (Pair<String, Parameter> p : b.getParameters()) {
                    NDArray a = p.getValue().getArray();
                    if (ParameterCounting.isTrainable(p.getValue()) && a.hasGradient()) {
                        try (NDArray g = a.getGradient()) {
                            for (float v : g.toFloatArray()) {
                                all.add(v);
                            }
                            g.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
                        }
                    }
                }
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    private static void assertGradient(float[] expected, NDArray x, Function<NDArray, NDArray> f, float tol, String what) {
        for (int t = 0; t < TRIALS; t++) {
            assertArrayEquals(expected, inputGradient(x, f, true), tol, what + " (trial " + t + ")");
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void graphSafeArithmeticKeepsItsConstantsAlive() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.5f, 1f, 2f, 3f});
            assertGradient(filled(4, 0.5f), x, a -> GraphSafe.mul(a, 0.5f), 0f, "mul");
            assertGradient(filled(4, 0.25f), x, a -> GraphSafe.div(a, 4f), 0f, "div");
            assertGradient(filled(4, 1f), x, a -> GraphSafe.add(a, 7f), 0f, "add");
            assertGradient(new float[] {0f, 0f, 1f, 1f}, x, a -> GraphSafe.maximum(a, 1.5f), 0f, "maximum");
            assertGradient(new float[] {1f, 2f, 4f, 6f}, x, a -> GraphSafe.pow(a, 2f), 1e-6f, "pow");
            assertGradient(new float[] {1f, 2f, 3f, 4f}, x,
                    a -> a.mul(GraphSafe.constant(a.getManager(), new float[] {1, 2, 3, 4}, new Shape(4))), 0f, "constant");
        }
    }

    @Test
    void inputNormalizationDividesByALiveStd() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 2, 2));
            InputNormalization norm = new InputNormalization(new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.5f, 0.25f, 2f});
            float[] expected = new float[24];
            for (int i = 0; i < 24; i++) {
                int channel = (i / 4) % 3;
                expected[i] = new float[] {2f, 4f, 0.5f}[channel];
            }
            assertGradient(expected, x, norm::apply, 0f, "normalization");
        }
    }

    @Test
    void energiesHaveHandComputedGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = m.create(new float[] {1f, -2f, 3f, 0.5f, 0f, -1f}, new Shape(2, 3));
            // d/df 1/2 ||f||^2 = f
            assertGradient(f.toFloatArray(), f, Energies::normEnergy, 0f, "eq. 11");
            NDArray z = m.create(new float[] {0.6f, 0.8f, 0f, 0f, 0f, 1f}, new Shape(2, 3));
            NDArray marginal = m.create(new float[] {0.3f, 0.7f});
            // E(x, z) = marginal - beta * direction . z: d/d direction = -beta z
            float[] expected = z.mul(m.full(new Shape(), -0.25f)).toFloatArray();
            assertGradient(expected, f, d -> Energies.joint(marginal, d, z, 0.25f), 0f, "eq. 10");
            assertGradient(new float[] {1f, 1f}, marginal, e -> Energies.joint(e, f, z, 0.25f), 0f, "eq. 10 marginal");
            NDArray zbars = m.create(new float[] {1f, 0f, 0f, 0f, 1f, 0f}, new Shape(2, 3));
            assertGradient(filled(6, -0.5f).clone(), f, d -> Energies.composed(marginal, d, zbars, 0.5f),
                    0f, "eq. 15 (sum of zbars is (1, 1, 0))", new int[] {2, 5});
        }
    }

    /** As assertGradient, with the entries at {@code zeros} expected to be 0 instead. */
    private static void assertGradient(float[] expected, NDArray x, Function<NDArray, NDArray> f, float tol, String what,
                                       int[] zeros) {
        for (int i : zeros) {
            expected[i] = 0f;
        }
        assertGradient(expected, x, f, tol, what);
    }

    @Test
    void unitRowsMatchesTheFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {3f, 4f}, new Shape(1, 2));
            NDArray w = m.create(new float[] {1f, 2f}, new Shape(1, 2));
            // d/da (w . a/||a||) = (w - (w.u) u) / ||a||, u = (0.6, 0.8), w.u = 2.2
            float[] expected = {(1f - 2.2f * 0.6f) / 5f, (2f - 2.2f * 0.8f) / 5f};
            assertGradient(expected, a, v -> DirectionalProjector.unitRows(v).mul(w), 1e-6f, "unit rows");
            // below the 1e-12 clamp the norm is a constant: gradient w / 1e-12 scaled by tiny inputs stays finite
            NDArray tiny = m.create(new float[] {1e-14f, 0f}, new Shape(1, 2));
            assertGradient(new float[] {1e12f, 2e12f}, tiny, v -> DirectionalProjector.unitRows(v).mul(w), 1e6f,
                    "clamped norm");
        }
    }

    @Test
    void lossesGiveTheSameGradientsWithAndWithoutChurn() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray feats = m.randomNormal(new Shape(8, 5));
            NDArray z = DirectionalProjector.unitRows(m.randomNormal(new Shape(4, 5)));
            Function<NDArray, NDArray> ebm = v -> {
                NDArray dir = DirectionalProjector.unitRows(v);
                NDArray e = Energies.normEnergy(v);
                EnergyOutput real = new EnergyOutput(v.get("0:4"), dir.get("0:4"), e.get("0:4"));
                EnergyOutput fake = new EnergyOutput(v.get("4:8"), dir.get("4:8"), e.get("4:8"));
                return EbmLoss.compute(real, z, fake, 1f, 0.01f).total();
            };
            float[] reference = inputGradient(feats, ebm, false);
            assertGradient(reference, feats, ebm, 0f, "L_EBM");

            Function<NDArray, NDArray> le = v -> NtXentLoss.compute(v.get("0:3"), v.get("3:6"), v.get("6:8"), 0.2f);
            float[] referenceLe = inputGradient(feats, le, false);
            assertGradient(referenceLe, feats, le, 0f, "L_LE with negatives");
        }
    }

    @Test
    void classifierLossesHaveHandComputedGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {1f, 2f, 0f, -1f}, new Shape(2, 2));
            NDArray y = m.create(new float[] {1f, 0f, 0f, 1f}, new Shape(2, 2));
            // cross-entropy: (softmax - y) / B
            float[] p = logits.softmax(1).toFloatArray();
            float[] expected = {(p[0] - 1f) / 2f, p[1] / 2f, p[2] / 2f, (p[3] - 1f) / 2f};
            assertGradient(expected, logits, l -> ClassifierTarget.CLASSES.loss(l, y), 1e-6f, "cross-entropy");
            // binary cross-entropy: (sigmoid - y) / (B K)
            float[] s = logits.getNDArrayInternal().sigmoid().toFloatArray();
            float[] expectedBce = {(s[0] - 1f) / 4f, s[1] / 4f, s[2] / 4f, (s[3] - 1f) / 4f};
            assertGradient(expectedBce, logits, l -> ClassifierTarget.ATTRIBUTES.loss(l, y), 1e-6f, "binary cross-entropy");
        }
    }

    @Test
    void energyModelInputAndParameterGradientsSurviveChurn() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            EnergyModel model = new EnergyModel(TestModels.tiny());
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32));
            NDArray z = DirectionalProjector.unitRows(m.randomNormal(new Shape(2, 16)));
            // SGLD's path: evaluation mode, input gradient of the marginal and of the joint energy
            try (FrozenParameters ignored = FrozenParameters.of(model)) {
                Function<NDArray, NDArray> marginal = xi -> model.evaluate(new ParameterStore(xi.getManager(), false), xi, false)
                        .marginal();
                assertGradient(inputGradient(x, marginal, false), x, marginal, 0f, "SGLD input gradient, eq. 11");
                Function<NDArray, NDArray> joint = xi -> model.evaluate(new ParameterStore(xi.getManager(), false), xi, false)
                        .joint(z, 0.5f);
                assertGradient(inputGradient(x, joint, false), x, joint, 0f, "SGLD input gradient, eq. 10");
            }
            // the training step's path: evaluation-mode forward (training mode runs a power iteration that changes u, v)
            Function<NDManager, NDArray> loss = s -> {
                EnergyOutput o = model.evaluate(new ParameterStore(s, false), x, false);
                return o.joint(z, 0.5f).add(GraphSafe.mul(o.marginal().square(), 1f));
            };
            float[] reference = parameterGradients(m, loss, false, model);
            for (int t = 0; t < TRIALS; t++) {
                assertArrayEquals(reference, parameterGradients(m, loss, true, model), 0f, "EBM parameter gradients");
            }
        }
    }

    @Test
    void encoderAndClassifierParameterGradientsSurviveChurn() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(12);
            ContrastiveEncoder encoder = new ContrastiveEncoder(TestModels.tiny());
            encoder.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NDArray x = m.randomUniform(0f, 1f, new Shape(4, 3, 32, 32));
            // evaluation-mode BatchNorm, so that repeated forwards see the same statistics
            Function<NDManager, NDArray> le = s -> {
                NDArray h = encoder.forward(new ParameterStore(s, false), new NDList(x), false).singletonOrThrow();
                return NtXentLoss.compute(h.get("0:2"), h.get("2:4"), null, 0.2f);
            };
            float[] reference = parameterGradients(m, le, false, encoder);
            assertEquals(true, reference.length > 0);
            for (int t = 0; t < TRIALS; t++) {
                assertArrayEquals(reference, parameterGradients(m, le, true, encoder), 0f, "encoder parameter gradients");
            }

            ImageClassifier classifier = new ImageClassifier(3, 4, 1, 5, new float[] {0.5f, 0.5f, 0.5f},
                    new float[] {0.25f, 0.25f, 0.25f});
            classifier.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NDArray y = m.create(new float[] {1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0}, new Shape(4, 5));
            Function<NDManager, NDArray> ce = s -> ClassifierTarget.CLASSES.loss(
                    classifier.forward(new ParameterStore(s, false), new NDList(x), false).singletonOrThrow(), y);
            float[] referenceCe = parameterGradients(m, ce, false, classifier);
            for (int t = 0; t < TRIALS; t++) {
                assertArrayEquals(referenceCe, parameterGradients(m, ce, true, classifier), 0f, "classifier parameter gradients");
            }
        }
    }
}
