package clel.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataDesc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD with momentum and weight decay as torch.optim.SGD (no dampening, no Nesterov):
 * g' = g + wd * p; buf = momentum * buf + g' (buf = g' on the first step); p -= lr * buf.
 * The encoder's optimizer (lr 0.03 cosine, momentum 0.9, weight decay 5e-4).
 */
public final class MomentumSgd implements Optimizer {
    private final ParameterGroup group;
    private final float momentum;
    private final float weightDecay;
    private final NDArray[] buf;
    private long t;

    public MomentumSgd(ParameterGroup group, NDManager stateManager, double momentum, double weightDecay) {
        this.group = group;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        buf = new NDArray[group.size()];
        for (int i = 0; i < group.size(); i++) {
            buf[i] = stateManager.zeros(group.array(i).getShape(), group.array(i).getDataType(), group.array(i).getDevice());
        }
    }

    @Override
    public void step(double lr) {
        for (int i = 0; i < group.size(); i++) {
            NDArray p = group.array(i);
            try (NDManager scope = p.getManager().newSubManager()) {
                NDArray g = p.getGradient();
                g.attach(scope);
                NDArray d = Adam.tmp(p.mul(weightDecay), scope).addi(g);
                if (t == 0) {
                    buf[i].set(new NDIndex("..."), d);
                } else {
                    buf[i].muli(momentum).addi(d);
                }
                p.subi(Adam.tmp(buf[i].mul((float) lr), scope));
                g.set(new NDIndex("..."), 0);
            }
        }
        t++;
    }

    @Override
    public NDList state() {
        NDList list = new NDList();
        for (NDArray b : buf) {
            list.add(b);
        }
        list.add(buf[0].getManager().create(new long[] {t}));
        return list;
    }

    @Override
    public List<DataDesc> stateLayout() {
        List<DataDesc> layout = new ArrayList<>();
        for (NDArray b : buf) {
            layout.add(new DataDesc(b.getShape(), b.getDataType()));
        }
        layout.add(Adam.stepCountLayout());
        return layout;
    }

    @Override
    public void load(NDList state, NDManager manager, String what) throws IOException {
        if (state.size() != group.size() + 1) {
            throw new IOException(what + ": SGD state has " + state.size() + " arrays, expected " + (group.size() + 1));
        }
        for (int i = 0; i < group.size(); i++) {
            Adam.copyInto(buf[i], state.get(i), what + " SGD momentum of " + group.name(i));
        }
        t = Adam.stepCount(state.get(group.size()), what);
    }
}
