package clel.training;

import ai.djl.ndarray.NDArray;

/** A score of replay-buffer chains computed during training (lower is better), e.g. a Frechet distance. */
public interface BufferEvaluation {
    String metricName();

    /** @param chains (N, C, H, W) images in [0, 1] */
    double evaluate(NDArray chains);
}
