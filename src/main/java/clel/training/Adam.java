package clel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.io.IOException;

/**
 * Adam as torch.optim.Adam (epsilon added to the bias-corrected sqrt(v_hat)):
 * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 * The EBM's optimizer (b1 = 0, b2 = 0.999, Appendix B).
 */
public final class Adam implements Optimizer {
    private final ParameterGroup group;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final NDArray[] m;
    private final NDArray[] v;
    private long t;

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
        for (int i = 0; i < group.size(); i++) {
            NDArray p = group.array(i);
            try (NDManager scope = p.getManager().newSubManager()) {
                NDArray g = p.getGradient();
                g.attach(scope);
                m[i].muli(beta1).addi(tmp(g.mul(1 - beta1), scope));
                v[i].muli(beta2).addi(tmp(g.square().muli(1 - beta2), scope));
                NDArray denom = tmp(tmp(v[i].div((float) c2), scope).sqrt(), scope).addi(eps);
                NDArray update = tmp(m[i].mul((float) (lr / c1)), scope).divi(denom);
                p.subi(update);
                g.set(new NDIndex("..."), 0);
            }
        }
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
    public void load(NDList state, NDManager manager, String what) throws IOException {
        if (state.size() != 2 * group.size() + 1) {
            throw new IOException(what + ": Adam state has " + state.size() + " arrays, expected " + (2 * group.size() + 1));
        }
        for (int i = 0; i < group.size(); i++) {
            copyInto(m[i], state.get(2 * i), what + " Adam m of " + group.name(i));
            copyInto(v[i], state.get(2 * i + 1), what + " Adam v of " + group.name(i));
        }
        t = state.get(2 * group.size()).toLongArray()[0];
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
