package clel.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.config.EnergySize;
import clel.nn.ExplicitShapeBlock;
import clel.nn.PreActResBlock;
import clel.nn.SpectralConv2d;

import java.util.ArrayList;
import java.util.List;

/**
 * One ResNet trunk of the EBM (paper Table 8, one column): a 3x3 spectral-normalized stem convolution, then
 * stages of {@link PreActResBlock}s, with AvgPool(2x2) before every stage after the first.
 * Input (B, C, H, W) normalized images; output (B, C_last, H/8, W/8) feature maps.
 */
public final class EnergyTrunk extends ExplicitShapeBlock {
    private static final byte VERSION = 1;

    private final SpectralConv2d stem;
    private final List<List<PreActResBlock>> stages = new ArrayList<>();
    private final int outChannels;

    public EnergyTrunk(EnergySize size, int inChannels) {
        super(VERSION);
        stem = addChildBlock("stem", SpectralConv2d.builder().setChannels(inChannels, size.stemChannels()).build());
        int c = size.stemChannels();
        for (int s = 0; s < size.stageChannels().size(); s++) {
            List<PreActResBlock> blocks = new ArrayList<>();
            int out = size.stageChannels().get(s);
            for (int b = 0; b < size.blocksPerStage(); b++) {
                blocks.add(addChildBlock("stage" + s + "_block" + b, new PreActResBlock(c, out)));
                c = out;
            }
            stages.add(blocks);
        }
        outChannels = c;
    }

    public int outChannels() {
        return outChannels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList h = stem.forward(ps, inputs, training);
        for (int s = 0; s < stages.size(); s++) {
            if (s > 0) {
                h = new NDList(Pool.avgPool2d(h.singletonOrThrow(), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0),
                        false, true));
            }
            for (PreActResBlock block : stages.get(s)) {
                h = block.forward(ps, h, training);
            }
        }
        return h;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long down = 1L << (stages.size() - 1);
        return new Shape[] {new Shape(s.get(0), outChannels, s.get(2) / down, s.get(3) / down)};
    }
}
