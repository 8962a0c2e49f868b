package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import clel.data.ShapesDataset;
import clel.evaluation.NpyArray;
import clel.evaluation.NpyFile;
import clel.training.Trainer;
import clel.training.TrainingLoop;
import clel.training.TrainingObserver;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    static Path dir;
    static Path ckpt;

    @BeforeAll
    static void trainOneIteration() throws Exception {
        ckpt = dir.resolve("run").resolve("last.ckpt");
        try (Trainer t = Trainer.start(clel.TestModels.microRun(dir.resolve("run")), ShapesDataset.train(32, 1), dir.resolve("run"),
                Device.cpu())) {
            t.step();
            t.save(ckpt);
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void infoPrintsThePapersParameterCount() {
        Result r = run("info", "--model", "small", "--depth", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1,725,056"), r.out());
    }

    @Test
    void infoSelfCheckRunsEveryConvolutionOfTheNetworks() {
        Result r = run("info", "--model", "tiny", "--encoder-width", "4", "--self-check");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("ok   h: 3x3 stride 1, 4 -> 4 channels, input 4x4x32x32: finite and identical in 3 runs"),
                r.out());
        assertTrue(r.out().contains("18 convolutions checked"), r.out());
        assertTrue(r.out().contains("self-check passed"), r.out());
    }

    @Test
    void infoListsTheFrozenMaeEncoderAndTheMlpOnIt(@TempDir Path tmp) throws Exception {
        Path file = clel.encoder.MaeStandIn.copy(clel.encoder.MaeStandIn.FILE, tmp);
        Result r = run("info", "--model", "small", "--encoder-objective", "mae", "encoder_objectives.mae.encoder=" + file);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("frozen MAE encoder " + file + " (24 features)"), r.out());
        // the stand-in's layers (src/test/python/make_mae_standin.py), frozen, then the MLP Linear(24, 2048) BN Linear
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+mix\\s+" + String.format("%,d", 12 * 24 * 16 + 24))),
                r.out());
        long mlp = 24L * 2048 + 2048 + 2 * 2048 + 2048L * 128 + 128;
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+h \\(latent encoder\\)\\s+" + String.format("%,d", mlp))),
                r.out());
        long frozen = (3 * 12 * 16 + 12) + (12 * 24 * 16 + 24) + 2 * 24;
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+h's frozen MAE encoder\\s+" + String.format("%,d", frozen)
                + " .*")), r.out());
        Result former = run("info", "--model", "small", "--encoder-objective", "mae", "model.mae_encoder=" + file);
        assertEquals(r.out(), former.out(), "the former key of the setting is read too");
        Result missing = run("info", "--encoder-objective", "mae");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("loss.encoder_objective is mae but encoder_objectives.mae.encoder is empty"),
                missing.err());
        Result unread = run("info", "encoder_objectives.mae.encoder=" + file);
        assertEquals(2, unread.code());
        assertTrue(unread.err().contains("encoder_objectives.mae is set but loss.encoder_objective is simclr"),
                unread.err());
        Result other = run("info", "model.size=tiny");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("'model.size=tiny' is not a setting of an encoder objective"), other.err());
    }

    @Test
    void printConfigShowsEveryValueWithItsOriginAndTrainsNothing(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("cifar10.yaml");
        Files.writeString(file, clel.config.PublicCodeConfigTest.EVERY_KEY);
        Result r = run("train", file.toString(), "model.beta=0.5", "--print-config");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("loss.beta:") && l.contains("0.5")
                && l.endsWith("# override model.beta=0.5")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("sampler.steps:") && l.contains("40")
                && l.endsWith("# " + file + ": sampler.num_steps")), r.out());
        assertTrue(r.out().contains("notice: " + file + ": data.num_workers = 4"), r.out());
        assertTrue(!Files.exists(Path.of("logs/test/ours")), "nothing was trained");
        Result bad = run("train", file.toString(), "encoder.name=resnet50", "--print-config");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("clel: error: encoder.name: 'resnet50' cannot be honoured"), bad.err());
    }

    @Test
    void userMistakesAreOneLineErrors() {
        Result r = run("info", "--model", "huge");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--model: unknown value 'huge'; valid choices: small, base, base-multiscale, large, tiny"), r.err());
        Result t = run("train", "tiny", "sampler.stepz=3", "-o", dir.resolve("x").toString());
        assertEquals(2, t.code());
        assertTrue(t.err().startsWith("clel: error: unknown key 'sampler.stepz'"), t.err());
        Result d = run("sample", ckpt.toString(), "--device", "tpu");
        assertEquals(2, d.code());
        assertTrue(d.err().contains("--device: unknown device 'tpu'"), d.err());
        Result s = run("sample", dir.resolve("missing.ckpt").toString());
        assertEquals(2, s.code());
        assertTrue(s.err().contains("missing.ckpt: no such file (a checkpoint written by training, or a run folder)"), s.err());
    }

    @Test
    void stepExportIsDocumentedAndRefusesToResume() {
        Result help = run("train", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("--export-steps") && help.out().contains("pytorch_twin.py compare"), help.out());
        Result r = run("train", "--resume", ckpt.toString(), "--export-steps", "2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--export-steps starts from a new run"), r.err());
    }

    @Test
    void sampleWritesReadableArraysAndGrids() throws Exception {
        Path out = dir.resolve("samples");
        Result r = run("sample", ckpt.toString(), "--count", "5", "--steps", "2", "--batch", "3", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        NpyArray a = NpyFile.read(out.resolve("samples-unconditional.npy"));
        assertEquals(List.of(5, 32, 32, 3), Arrays.stream(a.shape()).boxed().toList());
        assertTrue(Files.size(out.resolve("samples-unconditional.png")) > 0);
        assertTrue(Files.exists(out.resolve("samples-unconditional.json")));
        Result c = run("sample", ckpt.toString(), "--mode", "classes", "--per-condition", "2", "--steps", "1",
                "--latent-images", "10", "-o", out.toString());
        assertEquals(0, c.code(), c.err());
        assertEquals(5 * 2, NpyFile.read(out.resolve("samples-classes.npy")).shape()[0]);
        Result bad = run("sample", ckpt.toString(), "--mode", "compose", "--attributes", "red,purple", "--steps", "1",
                "-o", out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown attribute 'purple'"), bad.err());
    }

    @Test
    void oodReportsAurocPerSet() throws Exception {
        Path out = dir.resolve("ood");
        Result r = run("ood", ckpt.toString(), "--in", "shapes", "--out", "shapes-noise", "shapes-unseen-colors",
                "--count", "40", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("shapes-noise"), r.out());
        assertTrue(r.out().contains("shapes-unseen-colors"), r.out());
        assertTrue(Files.exists(out.resolve("ood.json")) && Files.exists(out.resolve("ood_roc.png"))
                && Files.exists(out.resolve("ood_scores.png")));
    }

    @Test
    void analyzeWritesKnnAccuracyAndCosineHistograms() throws Exception {
        Path out = dir.resolve("analyze");
        Result r = run("analyze", ckpt.toString(), "--reference", "32", "--queries", "8", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1-NN accuracy of h(x)"), r.out());
        assertTrue(Files.exists(out.resolve("cosine_similarity.png")) && Files.exists(out.resolve("analysis.json")));
        // the per-factor table: every factor of the shapes, for z and for f's direction
        clel.report.EvalTable factors = clel.report.EvalTable.read(out.resolve("factors.json"));
        assertEquals(List.of("class", "colour", "position", "large", "light_background"),
                factors.rows().stream().map(row -> row.get(0)).toList());
        assertEquals(List.of("factor", "values", "chance", "z linear", "z 1-NN", "g(f) linear", "g(f) 1-NN"),
                factors.columns());
        assertTrue(r.out().contains("colour"), r.out());
        // a run folder stands for its last.ckpt
        Result folder = run("analyze", ckpt.getParent().toString(), "--reference", "32", "--queries", "8", "-o",
                dir.resolve("analyze-folder").toString());
        assertEquals(0, folder.code(), folder.err());
    }

    @Test
    void dataInspectWritesTheAugmentedViewsTheEncoderTrainsOn() throws Exception {
        Path grid = dir.resolve("views.png");
        Result r = run("data", "inspect", "shapes", "--augment", "strong", "--grid", grid.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage image = ImageIO.read(grid.toFile());
        // 8 rows of the image and 7 views, 32 x 32 pixels scaled 2x with 2-pixel padding (scaled too)
        int cell = 2 * (32 + 2);
        assertEquals(8 * cell + 4, image.getWidth());
        assertEquals(8 * cell + 4, image.getHeight());
        int differing = 0;
        for (int row = 0; row < 8; row++) {
            for (int view = 1; view <= 7; view++) {
                if (!sameCell(image, row, 0, view, cell)) {
                    differing++;
                }
            }
        }
        assertTrue(differing >= 50, "strong views that differ from their image: " + differing + " of 56");
        Result none = run("data", "inspect", "shapes", "--augment", "none", "--grid", dir.resolve("none.png").toString());
        assertEquals(0, none.code(), none.err());
        BufferedImage same = ImageIO.read(dir.resolve("none.png").toFile());
        for (int view = 1; view <= 7; view++) {
            assertTrue(sameCell(same, 0, 0, view, cell), "augment none: view " + view + " equals the image");
        }
        Result bad = run("data", "inspect", "shapes", "--augment", "sideways");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--augment"), bad.err());
    }

    /** Whether grid cells (row, a) and (row, b) hold the same pixels. */
    private static boolean sameCell(BufferedImage image, int row, int a, int b, int cell) {
        for (int y = 4; y < cell - 4; y++) {
            for (int x = 4; x < cell - 4; x++) {
                int top = 2 + row * cell + y;
                if (image.getRGB(2 + a * cell + x, top) != image.getRGB(2 + b * cell + x, top)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void fdWithTheInceptionFileReportsFidAndInceptionScore() throws Exception {
        Path inception = dir.resolve("inception-standin.pt");
        try (var in = clel.evaluation.InceptionNetwork.class.getResourceAsStream("inception-standin.pt")) {
            Files.copy(in, inception);
        }
        Path out = dir.resolve("fd");
        Result r = run("fd", ckpt.toString(), "--inception", inception.toString(), "--count", "6", "--reference", "20",
                "--steps", "1", "--splits", "2", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("FID = "), r.out());
        assertTrue(r.out().contains("Inception Score = "), r.out());
        assertTrue(Files.readString(out.resolve("fd.json")).contains("Inception Score"));
        assertTrue(Files.list(dir.resolve("run").resolve("fd-cache")).anyMatch(f -> f.getFileName().toString().contains("inception-")),
                "reference statistics cached per Inception file");

        Result both = run("fd", ckpt.toString(), "--inception", inception.toString(), "--classifier", "x.clf");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        Path notTorchScript = dir.resolve("inception-2015-12-05.pkl");
        Files.writeString(notTorchScript, "not a zip");
        Result bad = run("fd", ckpt.toString(), "--inception", notTorchScript.toString(), "--count", "2", "--splits", "2", "--steps", "1",
                "-o", out.toString());
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("not a TorchScript archive"), bad.err());
    }

    @Test
    void reportRendersTheRunFolder() throws Exception {
        Path runDir = dir.resolve("reportrun");
        try (Trainer t = Trainer.start(clel.TestModels.microRun(runDir), ShapesDataset.train(32, 1), runDir,
                Device.cpu())) {
            TrainingLoop.standard(t, TrainingObserver.NONE).run();
        }
        Files.writeString(runDir.resolve("config.yaml"), "seed: 5\n");
        Result r = run("report", runDir.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(runDir.resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,"), "embedded images");
    }
}
