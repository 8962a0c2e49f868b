package clel.config;

import java.util.List;

/**
 * Layouts of the EBM trunk f (paper Table 8), plus a CPU-sized "tiny" layout.
 * Each layout is: stem convolution width, channels per stage (an AvgPool(2) before every stage after the
 * first), residual blocks per stage, and the number of input scales (1, or 3 for 32/16/8-pixel inputs
 * whose features are concatenated).
 */
public enum EnergySize {
    /** Table 8 (a): 64-64-128-128, one block per stage; the ablation model. */
    SMALL("small", 64, List.of(64, 64, 128, 128), 1, 1),
    /** Table 8 (b): 128-128-256-256, two blocks per stage. */
    BASE("base", 128, List.of(128, 128, 256, 256), 2, 1),
    /** Table 3 "+ multi-scale architecture": three base trunks on 32, 16 and 8 pixel inputs. */
    BASE_MULTISCALE("base-multiscale", 128, List.of(128, 128, 256, 256), 2, 3),
    /** Table 8 (c): three 256-channel trunks on 32, 16 and 8 pixel inputs. */
    LARGE("large", 256, List.of(256, 256, 256, 256), 2, 3),
    /** CPU-sized: the small layout at stem width 32 (32-32-64-64), one block per stage. */
    TINY("tiny", 32, List.of(32, 32, 64, 64), 1, 1);

    private final String key;
    private final int stemChannels;
    private final List<Integer> stageChannels;
    private final int blocksPerStage;
    private final int scales;

    EnergySize(String key, int stemChannels, List<Integer> stageChannels, int blocksPerStage, int scales) {
        this.key = key;
        this.stemChannels = stemChannels;
        this.stageChannels = stageChannels;
        this.blocksPerStage = blocksPerStage;
        this.scales = scales;
    }

    /** @return the layout's name in model.size */
    public String key() { return key; }

    /** @return the stem convolution's width */
    public int stemChannels() { return stemChannels; }

    /** @return the channels of each stage */
    public List<Integer> stageChannels() { return stageChannels; }

    /** @return the residual blocks per stage */
    public int blocksPerStage() { return blocksPerStage; }

    /** @return the number of input scales: 1, or 3 for 32/16/8-pixel inputs */
    public int scales() { return scales; }

    @Override
    public String toString() {
        return key;
    }
}
