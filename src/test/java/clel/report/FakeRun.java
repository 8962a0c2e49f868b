package clel.report;

import clel.io.ImageGrid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds a small run folder like the one clel.training.Trainer and the evaluation commands write. */
final class FakeRun {
    /** Images the full fake run embeds: 6 curves, data grid, 2 buffer grids, the ROC image, one extra eval plot. */
    static final int IMAGES = 11;

    private FakeRun() {
    }

    static void config(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.yaml"), String.join("\n",
                "seed: 7",
                "iterations: 200",
                "output_dir: runs/fake",
                "data:",
                "  name: shapes",
                "model:",
                "  size: tiny",
                "  note: \"<not markup> & friends\"",
                ""));
    }

    /** Lines: it 10, 20, a malformed line (line 3), 30, 40 with loss_le null. */
    static void metrics(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(line(10, 2.5, 0.5, 2.0, -0.1, 0.3, 0.10, 1e-5, 0.03, 0.50));
        lines.add(line(20, 2.1, 0.4, 1.7, -0.2, 0.2, 0.20, 2e-5, 0.029, 0.40));
        lines.add("{\"iteration\":25,\"loss\":1.0,");
        lines.add(line(30, 1.9, 0.3, 1.6, -0.3, 0.1, 0.30, 3e-5, 0.027, 0.45));
        lines.add("{\"iteration\":40,\"loss\":null,\"loss_ebm\":0.25,\"loss_le\":null,\"energy_data\":-0.4,"
                + "\"energy_sample\":0.05,\"latent_cosine\":0.35,\"lr_ebm\":4.00000e-05,\"lr_encoder\":0.0250000,"
                + "\"seconds\":0.6000,\"it_per_s\":1.6667}");
        Files.write(dir.resolve("metrics.jsonl"), lines, StandardCharsets.UTF_8);
    }

    static String line(long it, double loss, double ebm, double le, double ed, double es, double cos, double lrE,
                       double lrH, double s) {
        return String.format(Locale.ROOT, "{\"iteration\":%d,\"loss\":%s,\"loss_ebm\":%s,\"loss_le\":%s,"
                        + "\"energy_data\":%s,\"energy_sample\":%s,\"latent_cosine\":%s,\"lr_ebm\":%s,\"lr_encoder\":%s,"
                        + "\"seconds\":%.4f,\"it_per_s\":%.4f}", it, loss, ebm, le, ed, es, cos, lrE, lrH, s, 1 / s);
    }

    /** A grid of 4 small RGB images (a colour ramp) written with ImageGrid. */
    static void grid(Path file, float shift) throws IOException {
        int n = 4;
        int c = 3;
        int hw = 8;
        float[] v = new float[n * c * hw * hw];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 37 % 101) / 100f + shift) % 1f;
        }
        ImageGrid.writePng(ImageGrid.tile(v, n, c, hw, hw, 2, 2), file);
    }

    static void samples(Path dir) throws IOException {
        grid(dir.resolve("samples/data.png"), 0f);
        grid(dir.resolve("samples/buffer_000010.png"), 0.3f);
        grid(dir.resolve("samples/buffer_000020.png"), 0.5f);
        grid(dir.resolve("samples/buffer_000040.png"), 0.7f);
    }

    static void eval(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("eval"));
        Files.writeString(dir.resolve("eval/ood.json"), String.join("\n",
                "{\"title\": \"OOD detection <eq. 14> & AUROC\",",
                " \"table\": {\"columns\": [\"OOD set\", \"AUROC\"],",
                "            \"rows\": [[\"<svhn>\", 0.9123], [\"cifar100 & co\", 0.75], [\"uniform\", null]]},",
                " \"images\": [\"ood_roc.png\"],",
                " \"notes\": \"beta = 1; see http://example.org/not-a-link for \\\"details\\\"\"}"));
        grid(dir.resolve("eval/ood_roc.png"), 0.1f);
        grid(dir.resolve("eval/extra_hist.png"), 0.2f);
    }

    /**
     * What {@code clel sample --mode classes|compose --classifier}, {@code clel analyze} and an experiment's evaluation
     * write into eval/: a class grid (3 classes, 2 samples each) with its confusion matrix, a composition grid with
     * its attribute rates, the per-factor probe table, the representation measures with their plot, an experiment
     * grid, and a judged file of unconditional samples (shown among the other evaluations).
     */
    static void featured(Path dir) throws IOException {
        Path eval = Files.createDirectories(dir.resolve("eval"));
        grid(eval.resolve("samples-classes.png"), 0.15f);
        json(eval.resolve("samples-classes.json"), "Samples: classes", List.of("what", "SGLD steps", "beta", "weights"),
                List.of(List.of("class-conditional samples, one row per class: circle, square, <triangle>", "30 x 20",
                        "0.01", "EMA")), "samples-classes.png", "");
        json(eval.resolve("samples-classes-judged.json"), "Class-conditional samples judged by c.clf: accuracy 0.667",
                List.of("conditioned on \\ predicted", "circle", "square", "<triangle>"),
                List.of(List.of("circle", "2", "0", "0"), List.of("square", "1", "1", "0"),
                        List.of("<triangle>", "0", "0", "1")), "samples-classes.png", "rows: conditioning class");
        grid(eval.resolve("samples-compose.png"), 0.25f);
        json(eval.resolve("samples-compose.json"), "Samples: compose", List.of("what", "SGLD steps", "beta", "weights"),
                List.of(List.of("compositional samples of eq. (15) for red + large", "30 x 20", "0.01", "EMA")),
                "samples-compose.png", "");
        json(eval.resolve("samples-compose-judged.json"), "Compositional samples judged by a.clf: red + large",
                List.of("attribute", "fraction of samples predicted to have it"),
                List.of(List.of("red", "0.750"), List.of("large", "0.500")), "samples-compose.png", "paper Fig. 4b");
        json(eval.resolve("factors.json"), "What the latents know, per factor",
                List.of("factor", "values", "chance", "z linear", "z 1-NN", "g(f) linear", "g(f) 1-NN"),
                List.of(List.of("class", "5", "0.200", "0.200", "0.150", "0.600", "1.000"),
                        List.of("large", "2", "0.500", "0.990", "0.750", "0.500", "0.625")), null, "EMA weights");
        grid(eval.resolve("cosine_similarity.png"), 0.35f);
        json(eval.resolve("analysis.json"), "Representations", List.of("measure", "value"),
                List.of(List.of("1-NN accuracy of h(x)", "0.4000")), "cosine_similarity.png", "");
        grid(eval.resolve("experiment-classes.png"), 0.45f);
        grid(eval.resolve("samples-unconditional.png"), 0.55f);
        json(eval.resolve("samples-unconditional-judged.json"), "Predicted classes of the samples (c.clf)",
                List.of("class", "samples"), List.of(List.of("circle", "4")), "samples-unconditional.png", "");
    }

    private static void json(Path file, String title, List<String> columns, List<List<String>> rows, String image,
                             String notes) throws IOException {
        EvalTable.of(title, columns, rows, image == null ? List.of() : List.of(image), notes).write(file);
    }

    static void log(Path dir, int lines) throws IOException {
        List<String> l = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            l.add(String.format(Locale.ROOT, "2025-01-01 00:00:%02d  log line %03d", i % 60, i));
        }
        l.add("2025-01-01 00:01:00  <script>alert('x')</script> & done");
        Files.write(dir.resolve("train.log"), l, StandardCharsets.UTF_8);
    }

    /** Everything: config, metrics (with a malformed and a null line), samples, eval, a 41-line train.log. */
    static Path full(Path dir) throws IOException {
        config(dir);
        metrics(dir);
        samples(dir);
        eval(dir);
        log(dir, 40);
        Files.write(dir.resolve("last.ckpt"), new byte[1234]);
        return dir;
    }
}
