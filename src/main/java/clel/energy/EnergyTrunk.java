package clel.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.config.EnergySize;
import clel.nn.ExplicitShapeBlock;
import clel.nn.MemoryLayout;
import clel.nn.PreActResBlock;
import clel.nn.SpectralConv2d;

import java.util.ArrayList;
import java.util.List;

/**
 * One ResNet trunk of the EBM (paper Table 8, one column): a 3x3 spectral-normalized stem convolution, then
 * stages of {@link PreActResBlock}s, with AvgPool(2x2) before every stage after the first.
 * Input (B, C, H, W) normalized images; output (B, C_last, H/8, W/8) feature maps, channels-last when
 * model.channels_last is set ({@link MemoryLayout}).
 */
public final class EnergyTrunk extends ExplicitShapeBlock {
    private static final byte VERSION = 1;

    private final SpectralConv2d stem;
    private final List<List<PreActResBlock>> stages = new ArrayList<>();
    private final int outChannels;
    private final boolean channelsLast;

    /**
     * @param channelsLast run the convolutions on channels-last activations (model.channels_last; same values to
     *                     float32 rounding)
     */
    public EnergyTrunk(EnergySize size, int inChannels, boolean channelsLast) {
        super(VERSION);
        this.channelsLast = channelsLast;
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

    /**
     * Multiply-accumulates of the trunk's convolutions in one forward on one (C, h, w) image (the pooling and
     * activations are not counted); the input gradient of SGLD costs about as many again.
     */
    public long multiplyAccumulates(long h, long w) {
        long macs = stem.multiplyAccumulates(h, w);
        for (int s = 0; s < stages.size(); s++) {
            long down = 1L << s;
            for (PreActResBlock block : stages.get(s)) {
                macs += block.multiplyAccumulates(h / down, w / down);
            }
        }
        return macs;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = MemoryLayout.apply(inputs.singletonOrThrow(), channelsLast);
        NDList h = stem.forward(ps, new NDList(x), training);
        if (channelsLast) {
            // a one-channel input cannot carry the layout (MemoryLayout); the stem's output then becomes channels-last
            // here, and for more channels this is a view that copies nothing
            h = new NDList(MemoryLayout.channelsLast(h.singletonOrThrow()));
        }
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
