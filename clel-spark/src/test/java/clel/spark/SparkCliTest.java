package clel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code clel spark sample|fd|ood --master local[2]} end to end, and one-line errors for user mistakes. */
class SparkCliTest {
    @TempDir
    static Path dir;
    static Path ckpt;
    static Path classifier;

    @BeforeAll
    static void artifacts() throws Exception {
        ckpt = TestArtifacts.checkpoint(dir);
        classifier = TestArtifacts.classifier(dir);
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SparkMain.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void theThreeJobsRunInLocalModeFromTheCommandLine() throws Exception {
        Path samples = dir.resolve("samples");
        Result s = run("sample", ckpt.toString(), "--master", "local[2]", "--count", "5", "--shard-size", "2", "--steps", "1",
                "--rounds", "1", "-o", samples.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("5 samples (1 x 1 SGLD steps) in 3 shards over 3 partitions, master local[2,4]"), s.out());
        assertEquals(3, SampleManifest.read(samples).shards().size());

        Result f = run("fd", "--classifier", classifier.toString(), "--samples", samples.toString(), "--reference", "shapes",
                "--reference-count", "20", "--master", "local[2]", "-o", dir.resolve("fd").toString());
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().startsWith("FD-shapes-classifier-") && f.out().contains("(5 generated images from " + samples),
                f.out());
        assertTrue(Files.exists(dir.resolve("fd").resolve("samples.stats")) && Files.exists(dir.resolve("fd").resolve("fd.json")));

        Path ood = dir.resolve("ood");
        Result o = run("ood", ckpt.toString(), "--in", "shapes", "--out", "shapes-noise", "--count", "20", "--batch", "8",
                "--master", "local[2]", "-o", ood.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("shapes-noise"), o.out());
        assertEquals(1 + 40, Files.readAllLines(ood.resolve("scores.csv")).size(), "header + 20 + 20 scores");
    }

    @Test
    void oodReadsAParquetTableOnTheExecutors() throws Exception {
        Path table = dir.resolve("table.parquet");
        try (org.apache.spark.api.java.JavaSparkContext sc = new org.apache.spark.api.java.JavaSparkContext(
                new org.apache.spark.SparkConf().setMaster("local[1]").setAppName("write table").set("spark.ui.enabled", "false"))) {
            TestArtifacts.writeParquet(sc, clel.data.source.DataSources.named("shapes-noise", 32, 12, 2), table);
        }
        Path ood = dir.resolve("ood-parquet");
        Result o = run("ood", ckpt.toString(), "--in", "shapes", "--out", "parquet=" + table, "--count", "12", "--batch", "5",
                "--master", "local[2]", "-o", ood.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("parquet=" + table), o.out());
        List<String> lines = Files.readAllLines(ood.resolve("scores.csv"));
        assertEquals("set,id,score", lines.get(0));
        assertEquals(12, lines.stream().filter(l -> l.startsWith("parquet=") && l.contains(",img-")).count(), String.join("\n", lines));
        Result bad = run("ood", ckpt.toString(), "--in", "parquet=" + dir.resolve("no-such-table"), "--master", "local[1]",
                "-o", ood.toString());
        assertEquals(2, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().startsWith("clel: error: parquet=") && bad.err().strip().lines().count() == 1, bad.err());
    }

    @Test
    void userMistakesAreOneLineErrors() {
        assertOneLine(run("sample", dir.resolve("missing.ckpt").toString(), "--master", "local[1]", "-o", dir.toString()),
                "missing.ckpt: no such checkpoint file");
        assertOneLine(run("fd", "--classifier", dir.resolve("none.clf").toString(), "--samples", "shapes", "--reference", "shapes",
                "--master", "local[1]"), "none.clf: no such feature extractor file");
        assertOneLine(run("fd", "--classifier", classifier.toString(), "--samples", dir.resolve("nowhere").toString(),
                "--reference", "shapes", "--master", "local[1]"), "use shapes, shapes-noise");
        assertOneLine(run("ood", ckpt.toString(), "--in", "shapes", "-o", dir.resolve("x").toString()), "no Spark master");
        assertOneLine(run("sample", ckpt.toString(), "--master", "local[1]", "--count", "0", "-o", dir.resolve("y").toString()),
                "must be positive");
    }

    @Test
    void theDeviceIsCheckedOnTheDriverBeforeAnyJob() {
        String unknown = "--device: unknown device 'tpu'; valid: cpu, gpu, gpu0, gpu1, ...";
        assertOneLine(run("sample", ckpt.toString(), "--master", "local[1]", "--device", "tpu", "-o",
                dir.resolve("d1").toString()), unknown);
        assertOneLine(run("fd", "--classifier", classifier.toString(), "--samples", "shapes", "--reference", "shapes",
                "--master", "local[1]", "--device", "tpu"), unknown);
        assertOneLine(run("ood", ckpt.toString(), "--in", "shapes", "--master", "local[1]", "--device", "tpu", "-o",
                dir.resolve("d2").toString()), unknown);
        assertTrue(Files.notExists(dir.resolve("d1")) && Files.notExists(dir.resolve("d2")), "nothing written");
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getInstance();
        org.junit.jupiter.api.Assumptions.assumeFalse(engine.hasCapability("CUDA") && engine.getGpuCount() > 0,
                "skipped: this host has a GPU that libtorch can use");
        assertOneLine(run("sample", ckpt.toString(), "--master", "local[1]", "--device", "gpu", "-o",
                dir.resolve("d3").toString()), "--device gpu: the ");
    }

    private static void assertOneLine(Result r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("clel: error: ") && r.err().contains(expected), r.err());
    }
}
