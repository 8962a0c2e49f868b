package clel;

import clel.config.EnergyHeadKind;
import clel.config.EnergySize;
import clel.config.ModelConfig;
import clel.config.ProjectorKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
                List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25), true);
    }

    /** f, g and the ResNet-18 encoder h for {@code cfg}, initialized into {@code m}. */
    public static clel.model.ClelNetworks networks(ModelConfig cfg, ai.djl.ndarray.NDManager m) {
        return clel.model.ClelNetworks.create(cfg, new clel.encoder.ContrastiveEncoder(cfg), m);
    }

    /** A training configuration small enough for a unit test: a few images, 2 SGLD steps, batch 4. */
    public static clel.config.ClelConfig microRun(Path dir, String... extra) throws IOException {
        return clel.config.ConfigLoader.load("tiny", microOverrides(dir, extra));
    }

    /** The overrides of the "tiny" preset that make {@link #microRun} (as key=value arguments of {@code clel train}). */
    public static List<String> microOverrides(Path dir, String... extra) {
        List<String> o = new ArrayList<>(List.of("output_dir=" + dir, "iterations=4", "seed=5",
                "model.encoder_width=4", "model.encoder_hidden=32", "model.head_hidden=64", "model.projector_hidden=64",
                "sampler.steps=2", "sampler.buffer_size=16", "sampler.reinit_prob=0.3",
                "optim.batch_size=4", "optim.encoder_batch_size=4", "optim.warmup_iterations=2", "ema.halflife=8",
                "log.every=1", "log.sample_every=2", "log.checkpoint_every=2", "log.grid_size=4",
                "data.train_size=32", "data.test_size=8", "eval.every=0"));
        o.addAll(List.of(extra));
        return o;
    }

}
