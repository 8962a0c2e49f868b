package clel.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.nn.ParameterCounting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The trainable parameters of a block, in a fixed order, as an optimizer sees them. */
public final class ParameterGroup {
    private final List<String> names = new ArrayList<>();
    private final List<Parameter> params = new ArrayList<>();

    public ParameterGroup(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (ParameterCounting.isTrainable(p.getValue())) {
                names.add(p.getKey());
                params.add(p.getValue());
            }
        }
    }

    private ParameterGroup(List<String> names, List<Parameter> params) {
        this.names.addAll(names);
        this.params.addAll(params);
    }

    /** This group followed by the trainable parameters of {@code extra}, named "prefix.name". */
    public ParameterGroup with(String prefix, Block extra) {
        ParameterGroup more = new ParameterGroup(extra);
        List<String> n = new ArrayList<>(names);
        more.names.forEach(s -> n.add(prefix + "." + s));
        List<Parameter> p = new ArrayList<>(params);
        p.addAll(more.params);
        return new ParameterGroup(n, p);
    }

    /** The trainable parameters of {@code main}, then of each of {@code extras} under its class's simple name. */
    public static ParameterGroup of(Block main, List<Block> extras) {
        ParameterGroup g = new ParameterGroup(main);
        for (Block extra : extras) {
            g = g.with(extra.getClass().getSimpleName(), extra);
        }
        return g;
    }

    public int size() { return params.size(); }
    public String name(int i) { return names.get(i); }
    public NDArray array(int i) { return params.get(i).getArray(); }
    public List<String> names() { return Collections.unmodifiableList(names); }
}
