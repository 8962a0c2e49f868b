package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import clel.config.AugmentConfig;
import clel.config.EncoderObjectiveDefinition;
import clel.config.EncoderObjectiveSettings;
import clel.config.LossConfig;
import clel.config.ModelConfig;
import clel.loss.ByolLoss;
import clel.optim.ExponentialMovingAverage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BYOL (paper Table 7, Appendix C; BYOL paper Section 3): the online network is h followed by a {@link ByolPredictor};
 * the target network is a copy of h updated after every step as target = tau_k * target + (1 - tau_k) * h, with
 * tau_k = 1 - (1 - tau) (cos(pi k / K) + 1) / 2 (tau = loss.byol_target_decay, K the run's iterations). The target
 * runs in training mode (batch statistics) without gradient. Loss: {@link ByolLoss}.
 */
final class ByolObjective implements EncoderObjective {
    private final LatentEncoder online;
    private final ContrastiveEncoder target;
    private final ByolPredictor predictor;
    private final double baseDecay;

    /** @param online h, the ResNet-18 encoder (byol keeps the default of Definition#encoder) */
    ByolObjective(LatentEncoder online, ModelConfig model, double baseDecay, NDManager manager) {
        this.online = online;
        this.baseDecay = baseDecay;
        Shape input = new Shape(1, model.channels(), model.imageSize(), model.imageSize());
        this.target = new ContrastiveEncoder(model);
        target.initialize(manager, DataType.FLOAT32, input);
        ExponentialMovingAverage.update(target, online, 0); // BYOL starts the target as a copy of the online network
        for (Pair<String, Parameter> p : target.getParameters()) {
            p.getValue().getArray().setRequiresGradient(false);
        }
        this.predictor = new ByolPredictor(model.featureDim(), model.encoderHidden());
        predictor.initialize(manager, DataType.FLOAT32, new Shape(1, model.featureDim()));
    }

    @Override
    public Loss loss(ParameterStore ps, NDArray views, NDArray ebmLatents) {
        NDArray projections = online.forward(ps, new NDList(views), true).singletonOrThrow();
        NDArray predictions = predictor.forward(ps, new NDList(projections), true).singletonOrThrow();
        NDArray targets = target.forward(ps, new NDList(views), true).singletonOrThrow().stopGradient();
        return new Loss(projections, ByolLoss.compute(predictions, targets));
    }

    @Override
    public List<Block> trainable() {
        return List.of(predictor);
    }

    @Override
    public Map<String, Block> state() {
        Map<String, Block> m = new LinkedHashMap<>();
        m.put("byol_predictor.params", predictor);
        m.put("byol_target.params", target);
        return m;
    }

    @Override
    public void afterUpdate(long t, long total) {
        ExponentialMovingAverage.update(target, online, targetDecay(baseDecay, t, total));
    }

    /** tau_k = 1 - (1 - tau) (cos(pi k / K) + 1) / 2: tau at the start, 1 at the end (BYOL paper). */
    static double targetDecay(double tau, long k, long total) {
        return 1 - (1 - tau) * (Math.cos(Math.PI * k / total) + 1) / 2;
    }

    /** loss.encoder_objective=byol (Table 7, Appendix C). */
    public static final class Definition implements EncoderObjective.Definition {
        @Override
        public String key() {
            return "byol";
        }

        @Override
        public String summary() {
            return "BYOL: an online network with a predictor against an EMA target network, no negatives (Appendix C)";
        }

        @Override
        public void check(ModelConfig model, LossConfig loss, AugmentConfig augment) {
            EncoderObjectiveDefinition.requireNoNegatives(key(), loss);
        }

        @Override
        public EncoderObjective create(LossConfig loss, ModelConfig model, EncoderObjectiveSettings settings,
                                       LatentEncoder h, NDManager manager) {
            return new ByolObjective(h, model, loss.byolTargetDecay(), manager);
        }
    }
}
