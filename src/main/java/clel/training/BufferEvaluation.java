package clel.training;

import ai.djl.ndarray.NDArray;

/** A score of replay-buffer chains computed during training (lower is better), e.g. a Frechet distance. */
public interface BufferEvaluation {
    String metricName();

    /** @param chains (N, C, H, W) images in [0, 1] */
    double evaluate(NDArray chains);

    /** A named score function, e.g. {@code BufferEvaluation.of(fd.metricName(), fd::score)}. */
    static BufferEvaluation of(String name, java.util.function.ToDoubleFunction<NDArray> score) {
        return new BufferEvaluation() {
            @Override
            public String metricName() {
                return name;
            }

            @Override
            public double evaluate(NDArray chains) {
                return score.applyAsDouble(chains);
            }
        };
    }
}
