package clel.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam as torch.optim.Adam (epsilon added to the bias-corrected sqrt(v_hat)), in torch's order of operations
 * (torch/optim/adam.py, _single_tensor_adam):
 * m = b1 m + (1 - b1) g; v = b2 v + ((1 - b2) g) g; denom = sqrt(v) / sqrt(1 - b2^t) + eps;
 * p -= ((lr / (1 - b1^t)) m) / denom. The EBM's optimizer (b1 = 0, b2 = 0.999, Appendix B).
 *
 * <p>Each step also measures, for divergence diagnosis, sum g^2 / sum v_hat over the group ({@link StepStats}):
 * about 1 while v_hat tracks the gradients' scale, and tiny once an outsized gradient has inflated v_hat, when
 * every later update is about 0 (the "collapsed optimizer" of a diverged EBM).
 */
public final class Adam implements Optimizer {
    private final ParameterGroup group;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final NDArray[] m;
    private final NDArray[] v;
    private long t;
    private StepStats last = new StepStats(Double.NaN, Double.NaN);

    /**
     * What the latest step did.
     *
     * @param gradToMoment  sum over all elements of g^2, divided by the sum of v_hat = v / (1 - b2^t)
     * @param maxUpdateOverLr largest |update| of any element, in units of the learning rate
     */
    public record StepStats(double gradToMoment, double maxUpdateOverLr) {
    }

    public Adam(ParameterGroup group, NDManager stateManager, double beta1, double beta2, double eps) {
        this.group = group;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = (float) eps;
        m = new NDArray[group.size()];
        v = new NDArray[group.size()];
        for (int i = 0; i < group.size(); i++) {
            m[i] = stateManager.zeros(group.array(i).getShape(), group.array(i).getDataType(), group.array(i).getDevice());
            v[i] = stateManager.zeros(group.array(i).getShape(), group.array(i).getDataType(), group.array(i).getDevice());
        }
    }

    @Override
    public void step(double lr) {
        t++;
        double c1 = 1 - StrictMath.pow(beta1, t);
        double c2 = 1 - StrictMath.pow(beta2, t);
        float stepSize = (float) (lr / c1);
        float sqrtC2 = (float) StrictMath.sqrt(c2);
        double gradSquares = 0;
        double moments = 0;
        double maxUpdate = 0;
        for (int i = 0; i < group.size(); i++) {
            NDArray p = group.array(i);
            try (NDManager scope = p.getManager().newSubManager()) {
                NDArray g = p.getGradient();
                g.attach(scope);
                m[i].muli(beta1).addi(tmp(g.mul(1 - beta1), scope));
                v[i].muli(beta2).addi(tmp(tmp(g.mul(1 - beta2), scope).muli(g), scope));
                NDArray denom = tmp(tmp(v[i].sqrt(), scope).divi(sqrtC2), scope).addi(eps);
                NDArray update = tmp(m[i].mul(stepSize), scope).divi(denom);
                p.subi(update);
                float[] sums = tmp(NDArrays.stack(new NDList(tmp(tmp(g.square(), scope).sum(), scope),
                        tmp(v[i].sum(), scope), tmp(tmp(update.abs(), scope).max(), scope))), scope).toFloatArray();
                gradSquares += sums[0];
                moments += sums[1];
                maxUpdate = Math.max(maxUpdate, sums[2]);
                g.set(new NDIndex("..."), 0);
            }
        }
        last = new StepStats(gradSquares / (moments / c2), lr > 0 ? maxUpdate / lr : Double.NaN);
    }

    /** Measurements of the latest {@link #step} (NaN before the first). */
    public StepStats lastStep() {
        return last;
    }

    static NDArray tmp(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    @Override
    public NDList state() {
        NDList list = new NDList();
        for (int i = 0; i < group.size(); i++) {
            list.add(m[i]);
            list.add(v[i]);
        }
        list.add(m.length == 0 ? null : m[0].getManager().create(new long[] {t}));
        return list;
    }

    @Override
    public List<DataDesc> stateLayout() {
        List<DataDesc> layout = new ArrayList<>();
        for (NDArray a : m) {
            layout.add(new DataDesc(a.getShape(), a.getDataType()));
            layout.add(new DataDesc(a.getShape(), a.getDataType()));
        }
        if (m.length > 0) {
            layout.add(stepCountLayout());
        }
        return layout;
    }

    /** The step count's array in a state: one int64. */
    static DataDesc stepCountLayout() {
        return new DataDesc(new Shape(1), DataType.INT64);
    }

    /** The step count stored in {@code a}; an IOException naming {@code what} when it is negative. */
    static long stepCount(NDArray a, String what) throws IOException {
        long steps = a.toLongArray()[0];
        if (steps < 0) {
            throw new IOException(what + ": step count " + steps + " is negative");
        }
        return steps;
    }

    @Override
    public void load(NDList state, NDManager manager, String what) throws IOException {
        if (state.size() != 2 * group.size() + 1) {
            throw new IOException(what + ": Adam state has " + state.size() + " arrays, expected " + (2 * group.size() + 1));
        }
        for (int i = 0; i < group.size(); i++) {
            copyInto(m[i], state.get(2 * i), what + " Adam m of " + group.name(i));
            copyInto(v[i], state.get(2 * i + 1), what + " Adam v of " + group.name(i));
        }
        t = stepCount(state.get(2 * group.size()), what);
    }

    public long steps() {
        return t;
    }

    static void copyInto(NDArray dst, NDArray src, String what) throws IOException {
        if (!dst.getShape().equals(src.getShape())) {
            throw new IOException(what + ": shape " + src.getShape() + " but expected " + dst.getShape());
        }
        dst.set(new NDIndex("..."), src);
    }
}
