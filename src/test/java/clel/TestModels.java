package clel;

import clel.config.EnergyHeadKind;
import clel.config.EnergySize;
import clel.config.ModelConfig;
import clel.config.ProjectorKind;
import java.util.List;

/** Small model configurations for fast unit tests. */
public final class TestModels {
    private TestModels() {
    }

    /** The parameter of {@code block} whose full name ends with {@code suffix} (DJL prefixes child names with ordinals). */
    public static ai.djl.nn.Parameter param(ai.djl.nn.Block block, String suffix) {
        ai.djl.nn.Parameter found = null;
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
            if (p.getKey().endsWith(suffix)) {
                if (found != null) {
                    throw new IllegalArgumentException("ambiguous parameter suffix " + suffix);
                }
                found = p.getValue();
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no parameter ending with " + suffix + " in " + block.getParameters().keys());
        }
        return found;
    }

    /** Tiny EBM trunk, 16-d latents, narrow heads, ResNet-18 encoder at width 4. */
    public static ModelConfig tiny() {
        return new ModelConfig(EnergySize.TINY, 16, 32, ProjectorKind.MLP, 32, EnergyHeadKind.NORM, 4, 32, 32, 3,
                List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25));
    }
}
