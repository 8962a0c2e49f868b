package clel.examples;

import ai.djl.Device;
import clel.config.ClelConfig;
import clel.config.ConfigLoader;
import clel.data.ImageSet;
import clel.data.source.DataSources;
import clel.training.StepMetrics;
import clel.training.Trainer;
import clel.training.TrainingLoop;
import clel.training.TrainingObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Example 3: trains a CLEL model from Java (the paper's Algorithm 1) with a configuration and a progress observer,
 * and leaves a run folder with {@code last.ckpt} for the other two examples.
 *
 * <p>Usage: {@code TrainFromJava [RUN_FOLDER]} (default {@code runs/java-example}). The configuration is the
 * {@code tiny} preset shrunk to a micro model that trains in seconds; without the overrides marked in the code it is
 * the preset's own run.
 */
public final class TrainFromJava {
    private TrainFromJava() {
    }

    /**
     * Trains and checks that the observer saw every iteration and that the checkpoint was written.
     *
     * @param args optional run folder
     * @throws Exception when the configuration, the data or the run folder cannot be used, or the check fails
     */
    public static void main(String[] args) throws Exception {
        Path runFolder = Path.of(args.length > 0 ? args[0] : "runs/java-example");

        // The configuration: a preset (or a YAML file), then key.path=value overrides, as `clel train` takes them.
        ClelConfig config = ConfigLoader.load("tiny", List.of(
                "output_dir=" + runFolder,
                // a micro model that trains in seconds; without the lines below this is the tiny preset's own run
                "iterations=4", "data.train_size=64", "eval.every=0",
                "model.encoder_width=4", "model.encoder_hidden=32", "model.head_hidden=64", "model.projector_hidden=64",
                "optim.batch_size=8", "optim.encoder_batch_size=8", "optim.warmup_iterations=2", "ema.halflife=16",
                "sampler.steps=2", "sampler.buffer_size=32", "log.every=1", "log.sample_every=2",
                "log.checkpoint_every=2"));

        // The training images the configuration names (here the built-in shapes), at the model's image size.
        ImageSet images = DataSources.loadWithWarnings(config.data(), true, config.model().imageSize()).images();

        // A progress observer: told when the run starts, after every iteration, and of notable events.
        AtomicLong seen = new AtomicLong();
        TrainingObserver progress = new TrainingObserver() {
            @Override
            public void started(Trainer trainer) {
                System.out.printf(Locale.ROOT, "iterations %d to %d on %d images%n", trainer.iteration() + 1,
                        trainer.config().iterations(), images.count());
            }

            @Override
            public void iterationEnded(Trainer trainer, StepMetrics m) {
                seen.incrementAndGet();
                System.out.printf(Locale.ROOT, "iteration %d: loss %.4f, E(data) %.3g, E(samples) %.3g, %.2f s%n",
                        m.iteration(), m.loss(), m.energyData(), m.energySample(), m.seconds());
            }

            @Override
            public void message(String message) {
                System.out.println(message);
            }
        };

        // Train: the run folder gets last.ckpt, metrics.jsonl and sample grids, as `clel train` writes them.
        try (Trainer trainer = Trainer.start(config, images, runFolder, Device.cpu())) {
            TrainingLoop.standard(trainer, progress).run();
        }

        Path checkpoint = runFolder.resolve("last.ckpt");
        if (seen.get() != config.iterations() || !Files.isRegularFile(checkpoint)) {
            throw new IllegalStateException("expected " + config.iterations() + " iterations and " + checkpoint
                    + ", saw " + seen.get() + " iterations");
        }
        System.out.println("wrote " + checkpoint);
    }
}
