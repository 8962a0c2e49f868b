package clel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import clel.optim.ParameterGroup;
import java.util.List;

/**
 * The L2 norm of each parameter's gradient in a group, read before an optimizer step: the guard refuses a step
 * whose gradients are not all finite (a finite loss can come with an infinite gradient, and folded into Adam's
 * second moment one such step freezes every later update), and the norms are logged for diagnosis.
 *
 * @param names parameter names, in the group's order
 * @param norms ||grad|| per parameter (0 for a parameter the graph did not reach); +inf or NaN if not finite
 */
public record GradientNorms(List<String> names, float[] norms) {

    /**
     * No parameters: for a backward pass that reaches only the other group.
     *
     * @return norms of no parameters
     */
    public static GradientNorms none() {
        return new GradientNorms(List.of(), new float[0]);
    }

    /**
     * Reads the gradients' norms of every parameter of the group (one synchronization).
     *
     * @param group the parameters
     * @param scope the manager whose sub-manager holds the temporaries
     * @return their gradients' norms
     */
    public static GradientNorms of(ParameterGroup group, NDManager scope) {
        float[] norms = new float[group.size()];
        if (group.size() == 0) {
            return new GradientNorms(group.names(), norms);
        }
        try (NDManager s = scope.newSubManager()) {
            NDList each = new NDList();
            for (int i = 0; i < group.size(); i++) {
                NDArray p = group.array(i);
                if (p.hasGradient()) {
                    NDArray g = p.getGradient();
                    g.attach(s);
                    NDArray n = g.norm();
                    n.attach(s);
                    each.add(n);
                } else {
                    each.add(s.zeros(new ai.djl.ndarray.types.Shape(), p.getDataType(), p.getDevice()));
                }
            }
            NDArray stacked = NDArrays.stack(each);
            stacked.attach(s);
            norms = stacked.toFloatArray();
        }
        return new GradientNorms(group.names(), norms);
    }

    /** @return whether every norm is finite */
    public boolean finite() {
        return firstNonFinite() < 0;
    }

    /** @return the index of the first parameter whose gradient norm is not finite, or -1 */
    public int firstNonFinite() {
        for (int i = 0; i < norms.length; i++) {
            if (!Float.isFinite(norms[i])) {
                return i;
            }
        }
        return -1;
    }

    /** @return sqrt(sum of squared norms): the norm of the whole group's gradient */
    public double total() {
        double s = 0;
        for (float n : norms) {
            s += (double) n * n;
        }
        return Math.sqrt(s);
    }
}
