package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.data.ShapesDataset;
import clel.training.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training, sampling and the classifier on a GPU, every array on it. Needs the CUDA build of libtorch and a GPU (run
 * with PYTORCH_LIBRARY_PATH/PYTORCH_FLAVOR set as docs/gpu.md says); skipped with a message elsewhere.
 */
class GpuRunTest {
    @TempDir
    static Path dir;

    @BeforeEach // per test, so that each is reported as skipped with the message
    void needsAGpu() {
        Engine engine = Engine.getInstance();
        Assumptions.assumeTrue(engine.hasCapability("CUDA") && engine.getGpuCount() > 0,
                "skipped: no GPU (libtorch " + engine.getVersion() + (engine.hasCapability("CUDA") ? ", CUDA build, "
                        + engine.getGpuCount() + " GPUs" : ", CPU build") + "); see docs/gpu.md");
    }

    @Test
    void trainingKeepsEveryArrayOnTheGpu() throws Exception {
        Path run = dir.resolve("train");
        try (Trainer t = Trainer.start(clel.TestModels.microRun(run), ShapesDataset.train(32, 1), run, Device.gpu())) {
            t.step();
            t.step();
            assertEquals(Device.gpu(), t.device());
            List<String> elsewhere = new ArrayList<>();
            for (var nets : List.of(t.live(), t.ema())) {
                for (Pair<String, Parameter> p : nets.ebm().getParameters()) {
                    NDArray a = p.getValue().getArray();
                    if (!a.getDevice().equals(Device.gpu())) {
                        elsewhere.add(p.getKey() + " on " + a.getDevice());
                    }
                }
            }
            assertTrue(elsewhere.isEmpty(), elsewhere.toString());
            t.save(run.resolve("last.ckpt"));
        }
    }

    @Test
    void theCommandsRunOnTheGpu() throws Exception {
        Path run = dir.resolve("cli");
        List<String> train = new ArrayList<>(List.of("train", "tiny", "--max-restarts", "0", "--device", "gpu"));
        train.addAll(clel.TestModels.microOverrides(run));
        CliTest.Result t = CliTest.run(train.toArray(String[]::new));
        assertEquals(0, t.code(), t.err());
        CliTest.Result s = CliTest.run("sample", run.toString(), "--count", "4", "--batch", "4",
                "--steps", "2", "--rounds", "1", "--device", "gpu");
        assertEquals(0, s.code(), s.err());
        assertTrue(Files.exists(run.resolve("eval").resolve("samples-unconditional.png")));
        CliTest.Result c = CliTest.run("classifier", "train", "--iterations", "5", "--width", "4",
                "--batch-size", "16", "--train-size", "64", "--test-size", "32", "-o", dir.resolve("g.clf").toString(),
                "--device", "gpu");
        assertEquals(0, c.code(), c.err());
    }
}
