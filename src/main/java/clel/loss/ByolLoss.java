package clel.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import clel.energy.DirectionalProjector;
import clel.nn.GraphSafe;

/**
 * BYOL's loss (BYOL paper, eq. 2 and its symmetrization): for each image, the online prediction of one view against
 * the target projection of the other, on the unit sphere, ||q/||q|| - t/||t||||^2 = 2 - 2 cos(q, t), averaged over
 * the n images and summed over the two directions: L + L~ = 4 - 4 * mean over the 2n rows of cos(q_i, t_i').
 */
public final class ByolLoss {
    private ByolLoss() {
    }

    /**
     * @param predictions q(h(views)) of the online network (2n, d): rows i and i + n are the two views of image i
     * @param targets     the target network's projections of the same views (2n, d), gradient stopped by the caller
     * @return scalar loss in [0, 8]
     */
    public static NDArray compute(NDArray predictions, NDArray targets) {
        long rows = predictions.getShape().get(0);
        long n = rows / 2;
        if (rows != 2 * n || !predictions.getShape().equals(targets.getShape())) {
            throw new IllegalArgumentException("BYOL needs (2n, d) predictions and targets of one shape, got "
                    + predictions.getShape() + " and " + targets.getShape());
        }
        NDArray q = DirectionalProjector.unitRows(predictions);
        NDArray t = DirectionalProjector.unitRows(targets);
        NDArray otherView = NDArrays.concat(new NDList(t.get(n + ":"), t.get(":" + n)), 0);
        NDArray cos = q.mul(otherView).sum(new int[] {1});
        return GraphSafe.add(GraphSafe.mul(cos.mean(), -4f), 4f);
    }
}
