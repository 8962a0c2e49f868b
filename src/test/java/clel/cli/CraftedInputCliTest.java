package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import clel.TestModels;
import clel.classifier.ClassifierConfig;
import clel.classifier.ClassifierTarget;
import clel.classifier.ClassifierTrainer;
import clel.classifier.TrainedClassifier;
import clel.data.ShapesDataset;
import clel.run.Checkpoint;
import clel.run.CraftedFiles;
import clel.training.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted checkpoints, classifier files and configurations through the real commands: each ends in one line, "clel:
 * error: FILE...", with exit status 2, leaves every existing file as it was, and where a case used to allocate
 * gigabytes it runs in a JVM whose heap is {@value #HEAP}.
 */
class CraftedInputCliTest {
    static final String HEAP = "256m";
    @TempDir
    static Path dir;
    static Path good;
    static Path classifier;

    @BeforeAll
    static void realFiles() throws IOException {
        Path run = dir.resolve("run");
        good = run.resolve("last.ckpt");
        try (Trainer t = Trainer.start(TestModels.microRun(run, "sampler.eval_steps=2"), ShapesDataset.train(32, 1), run,
                Device.cpu())) {
            t.step();
            t.save(good);
        }
        Files.createDirectories(dir.resolve("crafted"));
        classifier = dir.resolve("shapes.clf");
        ClassifierConfig c = ClassifierConfig.builder(ClassifierTarget.CLASSES).width(4).batchSize(16).iterations(1)
                .build();
        try (TrainedClassifier k = ClassifierTrainer.train(c, ShapesDataset.train(64, 3))) {
            k.save(classifier);
        }
    }

    /** Runs clel in a new JVM with a {@value #HEAP} heap; checks the outcome and returns the error line. */
    private static String refusedInChild(Path file, String... args) throws Exception {
        Map<String, String> before = CraftedFiles.snapshot(dir);
        Path out = Files.createTempFile(dir, "child", ".out");
        Path err = Files.createTempFile(dir, "child", ".err");
        // as the launcher: no warning about a missing GPU
        Process p = JavaCommand.current().withOptions(List.of("-Xmx" + HEAP,
                        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=off"))
                .processBuilder(Main.class.getName(), List.of(args)).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(3, TimeUnit.MINUTES), "clel " + String.join(" ", args) + " did not end");
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(err);
        Files.delete(out);
        Files.delete(err);
        return checked(before, file, p.exitValue(), text);
    }

    /** Runs clel in this JVM (cases that never allocated much); checks the outcome and returns the error line. */
    private static String refusedInProcess(Path file, String... args) throws IOException {
        Map<String, String> before = CraftedFiles.snapshot(dir);
        CliTest.Result r = CliTest.run(args);
        return checked(before, file, r.code(), r.err());
    }

    private static String checked(Map<String, String> before, Path file, int code, String err) throws IOException {
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), err);
        assertEquals(2, code, err);
        assertTrue(lines.get(0).startsWith("clel: error: " + file), err);
        Map<String, String> after = CraftedFiles.snapshot(dir);
        before.forEach((name, hash) -> assertEquals(hash, after.get(name), name + " was changed or deleted"));
        return lines.get(0);
    }

    private static Path crafted(String name) {
        return dir.resolve("crafted").resolve(name);
    }

    private static Path copyOfGood(String name) throws IOException {
        return Files.copy(good, crafted(name));
    }

    private static Path out(String name) {
        return dir.resolve("out").resolve(name);
    }

    @Test
    void zipBombsStopAtTheSizeTheModelNeeds() throws Exception {
        // 1 GiB of zeros in 5 MB, whose central directory claims the size of the real entry
        long real = CraftedFiles.entries(good).get("ebm_ema.params").length;
        Path liar = CraftedFiles.withBomb(good, crafted("liar.ckpt"), "ebm_ema.params", 1L << 30, real);
        assertTrue(refusedInChild(liar, "sample", liar.toString()).endsWith("entry ebm_ema.params inflates to more than the "
                + real + " bytes it declares (damaged or crafted)"));
        Path honest = copyOfGood("honest.ckpt");
        CraftedFiles.declare(honest, "replay_buffer.bin", 1_572_864_000L);
        assertTrue(refusedInChild(honest, "train", "--resume", honest.toString(), "-o", out("honest").toString(),
                "--max-restarts", "0").endsWith("entry replay_buffer.bin declares 1572864000 bytes, more than the 196624 "
                + "expected (damaged, crafted, or not written for this model)"));
        Path huge = copyOfGood("huge.ckpt");
        CraftedFiles.declare(huge, "replay_buffer.bin", 2_684_354_560L);
        assertEquals("clel: error: " + huge + ": entry replay_buffer.bin declares 2684354560 bytes, more than an entry "
                + "of its kind may hold (2147483639); damaged or crafted", refusedInProcess(huge, "sample", huge.toString()));
    }

    @Test
    void weightsWhoseHeadersLieAreRefused() throws Exception {
        byte[] weights = CraftedFiles.entries(good).get("ebm_ema.params");
        Path rankMax = CraftedFiles.with(good, crafted("rank-max.ckpt"),
                Map.of("ebm_ema.params", CraftedFiles.withRank(weights, Integer.MAX_VALUE)));
        assertTrue(refusedInChild(rankMax, "sample", rankMax.toString()).endsWith("rank 2147483647 is out of range (0 to 8)"));
        Path rankMinus = CraftedFiles.with(good, crafted("rank-minus1.ckpt"),
                Map.of("ebm_ema.params", CraftedFiles.withRank(weights, -1)));
        assertTrue(refusedInProcess(rankMinus, "sample", rankMinus.toString()).endsWith("rank -1 is out of range (0 to 8)"));
        Path half = CraftedFiles.with(good, crafted("float16.ckpt"),
                Map.of("ebm_ema.params", CraftedFiles.withFloat16(weights)));
        assertTrue(refusedInProcess(half, "sample", half.toString()).contains("is float16 (32, 3, 3, 3) but the model "
                + "expects float32 (32, 3, 3, 3)"));
        Path negative = CraftedFiles.with(good, crafted("negative.ckpt"),
                Map.of("ebm_ema.params", CraftedFiles.withDataLength(weights, -8)));
        assertTrue(refusedInProcess(negative, "sample", negative.toString()).endsWith("data length -8 does not match "
                + "(32, 3, 3, 3) float32 (3456 bytes)"));
    }

    @Test
    void unknownFormatVersionsAndPositionsOutOfRangeAreRefused() throws Exception {
        Path future = CraftedFiles.withText(good, crafted("future.ckpt"), Checkpoint.META, "format_version=1",
                "format_version=99");
        assertEquals("clel: error: " + future + ": checkpoint format version 99 is not supported (expected 1)",
                refusedInProcess(future, "sample", future.toString()));
        Path late = CraftedFiles.withText(good, crafted("late.ckpt"), Checkpoint.META, "iteration=1",
                "iteration=9223372036854775807");
        assertEquals("clel: error: " + late + " entry meta.properties: iteration 9223372036854775807 is out of range (0 to "
                + "2147483647)", refusedInProcess(late, "train", "--resume", late.toString(), "-o", out("late").toString()));
    }

    @Test
    void storedConfigurationsAndClassifierFilesBeyondTheLimitsAreRefused() throws Exception {
        Path wide = CraftedFiles.withText(good, crafted("wide.ckpt"), Checkpoint.CONFIG, "head_hidden: \\d+",
                "head_hidden: 2000000000");
        assertEquals("clel: error: " + wide + " config.yaml: model.head_hidden must be between 1 and 16384, got 2000000000",
                refusedInChild(wide, "sample", wide.toString()));
        Path big = CraftedFiles.withText(good, crafted("big.ckpt"), Checkpoint.CONFIG, "image_size: \\d+",
                "image_size: 65536");
        assertEquals("clel: error: " + big + " config.yaml: model.image_size must be between 8 and 256, got 65536",
                refusedInChild(big, "sample", big.toString()));
        Path clf = CraftedFiles.withText(classifier, crafted("wide.clf"), "classifier.properties", "width=4",
                "width=1000000");
        assertEquals("clel: error: " + clf + " entry classifier.properties: invalid classifier description: classifier: "
                + "width must be at most 512, got 1000000",
                refusedInChild(clf, "fd", good.toString(), "--classifier", clf.toString(), "--count", "2", "--reference", "2"));
        // sample reads the classifier file before it samples: nothing is sampled or written for a bad one
        assertTrue(refusedInProcess(clf, "sample", good.toString(), "--classifier", clf.toString(), "--count", "2",
                "--batch", "2", "--steps", "1", "--rounds", "1", "-o", out("judged").toString())
                .endsWith("width must be at most 512, got 1000000"));
        assertTrue(!Files.exists(out("judged")), "nothing was written");
    }

    @Test
    void recursiveYamlAliasesAreRefusedInFilesCheckpointsAndComparisons() throws Exception {
        Path yaml = Files.writeString(crafted("loop.yaml"), "extends: tiny\nmodel: &a {x: *a}\n");
        assertEquals("clel: error: " + yaml + ": 'model.x' contains itself (a recursive YAML alias such as &a {x: *a}); a "
                + "configuration must be a finite tree", refusedInProcess(yaml, "train", yaml.toString(), "-o",
                out("loop").toString()));
        String config = new String(CraftedFiles.entries(good).get(Checkpoint.CONFIG), StandardCharsets.UTF_8);
        Path ckpt = CraftedFiles.with(good, crafted("loop.ckpt"),
                Map.of(Checkpoint.CONFIG, (config + "loop: &a {x: *a}\n").getBytes(StandardCharsets.UTF_8)));
        assertTrue(refusedInProcess(ckpt, "sample", ckpt.toString()).endsWith("config.yaml: 'loop.x' contains itself (a "
                + "recursive YAML alias such as &a {x: *a}); a configuration must be a finite tree"));
        Path a = Files.createDirectories(crafted("run-a"));
        Path b = Files.createDirectories(crafted("run-b"));
        Files.writeString(a.resolve("config.yaml"), config + "loop: &a {x: *a}\n");
        Files.writeString(b.resolve("config.yaml"), config);
        assertTrue(refusedInProcess(a.resolve("config.yaml"), "compare", a.toString(), b.toString(), "-o",
                out("compare").toString()).endsWith("'loop.x' contains itself (a recursive YAML alias such as &a {x: *a}); "
                + "a configuration must be a finite tree"));
    }

    @Test
    void anOptimizerStateClaimingHundredsOfGigabytesIsRefused() throws Exception {
        byte[] adam = CraftedFiles.entries(good).get("ebm_optimizer.ndlist");
        Path opt = CraftedFiles.with(good, crafted("optimizer.ckpt"),
                Map.of("ebm_optimizer.ndlist", CraftedFiles.withOneDimension(adam, 100_000_000_000L, Integer.MAX_VALUE - 3)));
        assertTrue(refusedInChild(opt, "train", "--resume", opt.toString(), "-o", out("optimizer").toString(),
                "--max-restarts", "0").endsWith("entry ebm_optimizer.ndlist array 0: invalid array at byte 4: data length "
                + "2147483644 does not match (100000000000) float32 (more than an array can hold)"));
    }

    @Test
    void aBatchOfOneImageIsRefusedBeforeTraining() throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "tiny", "optim.batch_size=1", "-o", out("one").toString()));
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertEquals("clel: error: optim.batch_size must be at least 2: BatchNorm in the encoder's MLP head normalizes over "
                + "the batch, which needs 2 or more images; got 1", r.err().strip());
        assertTrue(!Files.exists(out("one")), "nothing was written");
    }

    @Test
    void aClassSubsetRepeatingItsLargestRangeIsRefusedBeforeItFillsTheHeap() throws Exception {
        // 20,000 times 0-100000 in 180 KB: two billion class entries if they were all collected first
        Path f = Files.writeString(crafted("classes.yaml"), "extends: tiny\ndata:\n  classes: \""
                + String.join(",", Collections.nCopies(20_000, "0-100000")) + "\"\n");
        assertEquals("clel: error: " + f + ": data.classes: class 0 is named twice",
                refusedInChild(f, "train", f.toString(), "-o", out("classes").toString(), "--max-restarts", "0"));
    }

    @Test
    void badUtf8InAConfigurationNamesTheFileAndTheByte() throws Exception {
        Path f = crafted("latin1.yaml");
        Files.write(f, "extends: tiny\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("clel: error: " + f + ": not UTF-8 text (byte 0xE9 at line 2, column 6, byte offset 19); save it as "
                + "UTF-8", refusedInProcess(f, "train", f.toString(), "-o", out("latin1").toString()));
    }

    @Test
    void networksWithinTheLimitsAreComparedWithTheirWeightsOnlyWhenTheHeapCanHoldThem() throws Exception {
        // a stored configuration asking for a 2048 x 8192 projector twice (about 130 MB of parameters)
        Path wide = CraftedFiles.withText(good, crafted("wide-projector.ckpt"), Checkpoint.CONFIG,
                "feature_dim: \\d+(?<between>\n(?:.*\n)*?  projector_hidden: )\\d+", "feature_dim: 2048${between}8192");
        long stored = CraftedFiles.entries(good).get("ebm_ema.params").length;
        assertTrue(refusedInProcess(wide, "sample", wide.toString()).matches(Pattern.quote("clel: error: "
                + wide + " entry ebm_ema.params: holds " + stored + " bytes, fewer than the ") + "1\\d{8} bytes of the "
                + "parameters of the networks it is for \\(saved from a different architecture, or damaged\\)"));
        // with as many bytes as those networks' weights: DJL's copy of an array into a full heap crashed the JVM
        Path filled = CraftedFiles.withBomb(wide, crafted("wide-projector-filled.ckpt"), "ebm_ema.params", 200L << 20,
                200L << 20);
        assertTrue(refusedInChild(filled, "sample", filled.toString()).matches(Pattern.quote(
                "clel: error: " + filled + " entry ebm_ema.params: not enough memory to load it (the networks it is for "
                + "have ") + "1\\d\\d MB of parameters, to be held 3 times; the Java heap holds 2\\d\\d MB; for a genuine "
                + "file raise CLEL_HEAP\\)"));
    }

    @Test
    void runningOutOfHeapOnAGenuineLookingCheckpointNamesTheFile() throws Exception {
        // within every limit, but its replay buffer (100,000 x 3 x 32 x 32 floats, 1.2 GB) does not fit a 256 MB heap
        Path big = CraftedFiles.withText(good, crafted("big-buffer.ckpt"), Checkpoint.CONFIG, "buffer_size: \\d+",
                "buffer_size: 100000");
        assertTrue(refusedInChild(big, "train", "--resume", big.toString(), "-o", out("big-buffer").toString(),
                "--max-restarts", "0").startsWith("clel: error: " + big + ": not enough memory to load it (Java heap space;"));
    }
}
