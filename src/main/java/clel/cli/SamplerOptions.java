package clel.cli;

import clel.config.ClelConfig;
import clel.model.TrainedModel;
import clel.sampling.ConditionalSampler;
import picocli.CommandLine.Option;

/** The SGLD options of the commands that sample from a trained model, defaulting to the run's own settings. */
final class SamplerOptions {
    @Option(names = "--steps", description = "SGLD steps from noise (default: sampler.eval_steps of the run)")
    Integer steps;

    @Option(names = "--rounds", description = "rounds of --steps SGLD steps with the run's augmentation transition "
            + "between rounds, as the replay buffer's chains during training (default: sampler.eval_rounds of the run)")
    Integer rounds;

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default: ${DEFAULT-VALUE})")
    int seed;

    int steps(ClelConfig cfg) {
        return steps != null ? steps : cfg.sampler().evalSteps();
    }

    int rounds(ClelConfig cfg) {
        return rounds != null ? rounds : cfg.sampler().evalRounds();
    }

    /** The sampler these options describe, on the model's EBM with the run's SGLD settings and transition. */
    ConditionalSampler sampler(TrainedModel m) {
        ClelConfig cfg = m.config();
        return ConditionalSampler.of(m, steps(cfg), rounds(cfg));
    }
}
