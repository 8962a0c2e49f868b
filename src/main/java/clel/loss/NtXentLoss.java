package clel.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import clel.energy.DirectionalProjector;
import clel.nn.GraphSafe;

/**
 * L_LE of eq. (13): NT-Xent (eq. 8) over two views, averaged over all 2n anchors, with optional extra
 * negatives (the EBM's latents z~ = g(f(x~)/||f(x~)||), eq. 13) shared by every anchor.
 *
 * <p>For anchor z_j^(i): positive z_{3-j}^(i); negatives the other 2n-2 view embeddings and the m extra ones;
 * loss = -log( exp(sim(z, z+)/tau) / (exp(sim(z, z+)/tau) + sum_neg exp(sim(z, z-)/tau)) ).
 */
public final class NtXentLoss {
    /** Added to self-similarity logits to exclude them from the softmax. */
    private static final float EXCLUDED = -1e9f;

    private NtXentLoss() {
    }

    /**
     * @param view1       h(t1(x)) (n, d), any norm
     * @param view2       h(t2(x)) (n, d)
     * @param negatives   extra negatives (m, d), any norm, or null for plain SimCLR (eq. 7)
     * @param temperature tau > 0 (public code 0.2)
     * @return scalar loss, in the manager of view1
     */
    public static NDArray compute(NDArray view1, NDArray view2, NDArray negatives, float temperature) {
        return compute(NDArrays.concat(new NDList(view1, view2), 0), negatives, temperature);
    }

    /**
     * As {@link #compute(NDArray, NDArray, NDArray, float)} with both views stacked as the public code forwards them,
     * encoder(augment(cat[x, x])): rows i and i + n are the two views of image i.
     *
     * @param views (2n, d), any norm
     */
    public static NDArray compute(NDArray views, NDArray negatives, float temperature) {
        long n = views.getShape().get(0) / 2;
        if (views.getShape().get(0) != 2 * n) {
            throw new IllegalArgumentException("NT-Xent needs an even number of stacked views, got " + views.getShape());
        }
        NDManager m = views.getManager();
        NDArray z = DirectionalProjector.unitRows(views);
        NDArray logits = GraphSafe.div(z.matMul(z.transpose()), temperature);
        try (NDArray eye = m.eye((int) (2 * n)).toDevice(z.getDevice(), false)) {
            logits = logits.add(GraphSafe.mul(eye, EXCLUDED));
        }
        if (negatives != null) {
            NDArray neg = DirectionalProjector.unitRows(negatives);
            NDArray negLogits = GraphSafe.div(z.matMul(neg.transpose()), temperature);
            logits = NDArrays.concat(new NDList(logits, negLogits), 1);
        }
        long columns = logits.getShape().get(1);
        // target of row i is its other view: i + n for the first half, i - n for the second
        int[] target = new int[(int) (2 * n)];
        for (int i = 0; i < 2 * n; i++) {
            target[i] = (int) ((i + n) % (2 * n));
        }
        NDArray oneHot;
        try (NDArray labels = m.create(target).toDevice(z.getDevice(), false)) {
            oneHot = labels.oneHot((int) columns).toType(DataType.FLOAT32, false);
        }
        NDArray logProb = logits.logSoftmax(1);
        return logProb.mul(oneHot).sum(new int[] {1}).mean().neg();
    }
}
