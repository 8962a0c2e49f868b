package clel.cli;

import clel.model.TrainedModel;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every command that uses a trained model shares: the checkpoint, which weights, device, output. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "CKPT", description = "checkpoint written by training (e.g. runs/tiny/last.ckpt)")
    Path checkpoint;

    @Option(names = "--live", description = "use the live weights instead of the EMA weights (the paper evaluates EMA)")
    boolean live;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = {"-o", "--output"}, description = "output folder (default: the checkpoint's run folder /eval)")
    Path output;

    TrainedModel load() throws IOException {
        return TrainedModel.load(checkpoint, !live, DeviceOption.parse(device));
    }

    Path outputDir() {
        return output != null ? output : checkpoint.toAbsolutePath().getParent().resolve("eval");
    }
}
