package clel.cli;

import ai.djl.Device;
import clel.io.UserPaths;
import clel.model.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every command that uses a trained model shares: the checkpoint, which weights, device, output. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "CKPT|RUN",
            description = "checkpoint written by training (e.g. runs/tiny/last.ckpt), or a run folder (its last.ckpt)")
    Path checkpoint;

    @Option(names = "--live", description = "use the live weights instead of the EMA weights (the paper evaluates EMA)")
    boolean live;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = {"-o", "--output"}, description = "output folder (default: the checkpoint's run folder /eval)")
    Path output;

    /** The checkpoint's model on the --device (checked first, before the file is read). */
    TrainedModel load() throws IOException {
        Device dev = device.device();
        Path file = checkpointFile();
        UserPaths.requireRegularFile(file, "a checkpoint written by training, or a run folder");
        return Activity.reading("checkpoint " + file, () -> TrainedModel.load(file, !live, dev));
    }

    /** The checkpoint: the argument, or a run folder's last.ckpt. */
    Path checkpointFile() {
        return Files.isDirectory(checkpoint) ? checkpoint.resolve("last.ckpt") : checkpoint;
    }

    Path outputDir() {
        return output != null ? output : checkpointFile().toAbsolutePath().getParent().resolve("eval");
    }
}
