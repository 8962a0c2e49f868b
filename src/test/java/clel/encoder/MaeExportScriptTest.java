package clel.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.evaluation.NpyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/export_mae_torchscript.py end to end on random weights (no real MAE checkpoint can be downloaded here): it writes
 * a ViT-tiny MAE checkpoint in MAE's layout (encoder and decoder), converts it to clel's TorchScript contract, and clel
 * loads the result as its frozen MAE encoder and computes the features PyTorch computed. Skipped, with a message, when
 * /usr/bin/python3 cannot import torch (Debian: python3-torch).
 */
class MaeExportScriptTest {
    private static final Path PYTHON = Path.of(System.getProperty("clel.test.python", "/usr/bin/python3"));
    private static final Path SCRIPT = Path.of("bench/export_mae_torchscript.py").toAbsolutePath();

    private record Outcome(int code, String output) {
    }

    private static Outcome python(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "2");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("python timed out: " + cmd);
        }
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static boolean torchAvailable(Path dir) {
        try {
            return Files.isExecutable(PYTHON) && python(dir, "-c", "import torch").code() == 0;
        } catch (IOException | InterruptedException | IllegalStateException e) {
            return false;
        }
    }

    @Test
    void aRandomViTTinyCheckpointConvertsToAFileClelLoads(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(dir), "skipped: " + PYTHON + " cannot import torch (apt-get install "
                + "python3-torch); the export script is untested in this run");
        Outcome random = python(dir, SCRIPT.toString(), "--write-random-checkpoint", "random.pth", "--heads", "12");
        assertEquals(0, random.code(), random.output());
        Outcome export = python(dir, SCRIPT.toString(), "--checkpoint", "random.pth", "--heads", "12",
                "--output", "vit-tiny.pt", "--probe-output", "probe.npy");
        assertEquals(0, export.code(), export.output());
        Outcome wrong = python(dir, SCRIPT.toString(), "--checkpoint", "random.pth", "--heads", "12", "--depth", "11",
                "--output", "x.pt");
        assertTrue(wrong.code() != 0 && wrong.output().contains("unexpected: blocks.11."), wrong.output());

        float[] expected = NpyFile.read(dir.resolve("probe.npy")).floats();
        try (NDManager m = NDManager.newBaseManager()) {
            Path vitFile = dir.resolve("vit-tiny.pt");
            MaeBackbone vit = MaeBackbone.load(vitFile, clel.io.FileChecksum.sha256(vitFile), m, new Shape(3, 32, 32));
            assertEquals(192, vit.width());
            // patch embedding, CLS token, position embeddings of 14 x 14 + 1 tokens, 12 blocks, final LayerNorm
            long block = 2 * 192 + (192 * 576 + 576) + (192 * 192 + 192) + 2 * 192 + (192 * 768 + 768) + (768 * 192 + 192);
            assertEquals((3 * 16 * 16 * 192 + 192) + 192 + 197 * 192 + 12 * block + 2 * 192, vit.parameterCount());
            assertTrue(vit.isFrozen());
            assertArrayEquals(expected, vit.features(MaeStandIn.fixedImages(m, 2)).toFloatArray(), 1e-4f);
        }
    }
}
