package clel.evaluation;

import ai.djl.ndarray.NDArray;
import java.util.function.ToDoubleFunction;

/**
 * A score of replay-buffer chains computed during training (lower is better), e.g. a Frechet distance, with the
 * score's floor and ceiling on its own scale when known (see {@code clel.evaluation.FrechetBounds}).
 */
public interface BufferEvaluation {
    String metricName();

    /** @param chains (N, C, H, W) images in [0, 1] */
    double evaluate(NDArray chains);

    /** The score of held-out real images (the best a model can reach), or NaN if unknown. */
    default double floor() {
        return Double.NaN;
    }

    /** The score of uniform noise, or NaN if unknown. */
    default double ceiling() {
        return Double.NaN;
    }

    /** A named score function, e.g. {@code BufferEvaluation.of(fd.metricName(), fd::score)}. */
    static BufferEvaluation of(String name, ToDoubleFunction<NDArray> score) {
        return of(name, score, Double.NaN, Double.NaN);
    }

    /** A named score function with its floor and ceiling. */
    static BufferEvaluation of(String name, ToDoubleFunction<NDArray> score, double floor,
                               double ceiling) {
        return new BufferEvaluation() {
            @Override
            public String metricName() {
                return name;
            }

            @Override
            public double evaluate(NDArray chains) {
                return score.applyAsDouble(chains);
            }

            @Override
            public double floor() {
                return floor;
            }

            @Override
            public double ceiling() {
                return ceiling;
            }
        };
    }
}
