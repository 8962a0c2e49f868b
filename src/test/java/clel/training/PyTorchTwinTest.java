package clel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import clel.config.ClelConfig;
import clel.data.ShapesDataset;
import clel.diagnostics.StepExport;
import clel.evaluation.NpyArray;
import clel.evaluation.NpyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The differential test against PyTorch: a micro run exports its first iterations ({@link StepExport}), and the
 * PyTorch twin (src/test/python/clel_twin, written from the paper and the public code) recomputes every phase from
 * clel's inputs: SGLD energies, input gradients and steps, the encoder latents, the energies, L_EBM, L_LE, every
 * parameter gradient, the Adam/SGD updates and the EMA. It must agree within float32 tolerance, and it must notice a
 * gradient scaled by 1.001 and the older spectral-norm power-iteration order (v before u), so that the comparison
 * cannot pass silently. Skipped, with a message, when /usr/bin/python3 cannot import torch (Debian: python3-torch).
 */
class PyTorchTwinTest {
    /** Debian's interpreter with python3-torch; -Dclel.test.python=PATH chooses another (e.g. to see the skip). */
    private static final Path PYTHON = Path.of(System.getProperty("clel.test.python", "/usr/bin/python3"));
    private static final Path TWIN = Path.of("src/test/python").toAbsolutePath();

    private record Outcome(int code, String output) {
    }

    private static Outcome python(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(TWIN.toFile()).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.environment().put("OMP_NUM_THREADS", "2");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("python timed out: " + cmd);
        }
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static boolean torchAvailable() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            return python(120, "-c", "import torch").code() == 0;
        } catch (IOException | InterruptedException | IllegalStateException e) {
            return false;
        }
    }

    private static Outcome compare(Path export, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-m", "clel_twin", "compare", export.toString(), "--threads", "1"));
        args.addAll(List.of(extra));
        return python(600, args.toArray(String[]::new));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void twinAgreesPhaseByPhaseAndReportsTheFirstDisagreement(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "skipped: " + PYTHON + " cannot import torch (apt-get install "
                + "python3-torch to run the differential test against PyTorch)");
        // 2 iterations, 3 SGLD steps; EMA half-life 4 samples at batch 4: iteration 2 averages (decay 0.5)
        ClelConfig cfg = clel.TestModels.microRun(dir.resolve("run"), "sampler.steps=3", "ema.halflife=4");
        Path export = dir.resolve("export");
        try (Trainer t = Trainer.start(cfg, ShapesDataset.train(32, 1), dir.resolve("run"), Device.cpu())) {
            StepExport e = StepExport.start(t, export, 2);
            t.step(e);
            t.step(e);
        }

        Outcome agree = compare(export);
        assertEquals(0, agree.code(), agree.output());
        assertTrue(agree.output().contains("all phases agree within tolerance over 2 iteration(s)"), agree.output());

        // one gradient scaled by 1.001 (ten times the gradient tolerance) must be the first disagreement
        Map<String, Object> index = new Yaml().load(Files.readString(export.resolve("index.json")));
        List<Map<String, Object>> ebm = (List<Map<String, Object>>) ((Map<String, Object>) index.get("parameters")).get("ebm");
        int head = -1;
        for (int i = 0; i < ebm.size(); i++) {
            if (String.valueOf(ebm.get(i).get("name")).endsWith("head1_weight")) {
                head = i;
            }
        }
        Path perturbed = dir.resolve("perturbed");
        copyTree(export, perturbed);
        Path gradFile = perturbed.resolve("iter_0002").resolve("grad").resolve("ebm").resolve(String.format("%03d.npy", head));
        NpyArray g = NpyFile.read(gradFile);
        float[] scaled = g.floats();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 1.001f;
        }
        NpyFile.writeFloat32(gradFile, scaled, g.shape());
        Outcome caught = compare(perturbed);
        assertEquals(1, caught.code(), caught.output());
        assertTrue(caught.output().contains("FIRST DISAGREEMENT: iteration 2, phase gradients, ebm f_head1_weight"),
                caught.output());

        // the spectral-norm order clel used before (v = normalize(W^T u) first) differs from the public code's
        Outcome legacy = compare(export, "--legacy-power-iteration");
        assertEquals(1, legacy.code(), legacy.output());
        assertTrue(legacy.output().contains("FIRST DISAGREEMENT: iteration 1, phase sgld, E(x_0)"), legacy.output());
    }
}
