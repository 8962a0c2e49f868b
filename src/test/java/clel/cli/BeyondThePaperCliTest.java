package clel.cli;

import static clel.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import clel.TestModels;
import clel.classifier.ClassifierConfig;
import clel.classifier.ClassifierProgress;
import clel.classifier.ClassifierTarget;
import clel.classifier.ClassifierTrainer;
import clel.classifier.TrainedClassifier;
import clel.cli.CliTest.Result;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.evaluation.NpyFile;
import clel.training.Trainer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * {@code clel sample --like / --interpolate / --attributes with negation and weights} and {@code clel restore} on the
 * micro model (one training iteration), with user mistakes ending in one line and the user's folders left as they were.
 */
class BeyondThePaperCliTest {
    @TempDir
    static Path dir;
    static Path ckpt;
    static Path images;
    static Path classes;
    static Path attributes;

    @BeforeAll
    static void microModelImagesAndClassifiers() throws Exception {
        ckpt = dir.resolve("run").resolve("last.ckpt");
        try (Trainer t = Trainer.start(TestModels.microRun(dir.resolve("run")), ShapesDataset.train(32, 1),
                dir.resolve("run"), Device.cpu())) {
            t.step();
            t.save(ckpt);
        }
        ImageSet set = ShapesDataset.test(6, 3);
        images = dir.resolve("mine");
        for (int i = 0; i < set.count(); i++) {
            Path f = images.resolve(set.classNames().get(set.label(i))).resolve("img" + i + ".png");
            Files.createDirectories(f.getParent());
            ImageIO.write(image(set, i), "png", f.toFile());
        }
        classes = dir.resolve("classes.clf");
        attributes = dir.resolve("attributes.clf");
        for (ClassifierTarget target : ClassifierTarget.values()) {
            try (TrainedClassifier c = ClassifierTrainer.train(ClassifierConfig.builder(target).width(4).batchSize(16)
                    .iterations(2).lr(0.1).seed(3).build(), ShapesDataset.train(64, 1), "shapes", ClassifierProgress.NONE)) {
                c.save(target == ClassifierTarget.CLASSES ? classes : attributes);
            }
        }
    }

    private static BufferedImage image(ImageSet set, int i) {
        BufferedImage b = new BufferedImage(set.width(), set.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < set.height(); y++) {
            for (int x = 0; x < set.width(); x++) {
                b.setRGB(x, y, set.pixel(i, 0, y, x) << 16 | set.pixel(i, 1, y, x) << 8 | set.pixel(i, 2, y, x));
            }
        }
        return b;
    }

    private static void assertOneLineError(Result r, String part) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("clel: error:") && r.err().contains(part), r.err());
    }

    private static List<String> listing(Path folder) throws Exception {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.map(p -> folder.relativize(p) + ":" + (Files.isRegularFile(p) ? p.toFile().length() : -1)).sorted()
                    .toList();
        }
    }

    @Test
    void likeAloneAndWithANegatedWeightedComposition() throws Exception {
        List<String> before = listing(images);
        Path out = dir.resolve("like");
        Result like = run("sample", ckpt.toString(), "--like", images.toString(), "--per-condition", "3", "--steps", "1",
                "--rounds", "1", "--beta", "1", "-o", out.toString());
        assertEquals(0, like.code(), like.err());
        assertTrue(like.out().contains("samples like the images of " + images), like.out());
        assertEquals(3, NpyFile.read(out.resolve("samples-like.npy")).shape()[0]);
        Result both = run("sample", ckpt.toString(), "--mode", "compose", "--attributes", "red,-large,top_half=-0.5",
                "--like", images.toString(), "--per-condition", "4", "--steps", "1", "--rounds", "1",
                "--latent-images", "20", "--classifier", attributes.toString(), "-o", out.toString());
        assertEquals(0, both.code(), both.err());
        assertTrue(both.out().contains("the images of " + images + " + red + not large + 0.5 x not top_half"), both.out());
        assertTrue(both.out().contains("large\tabsent\t1.0\t"), both.out());
        assertTrue(both.out().contains("all at once"), both.out());
        assertEquals(4, NpyFile.read(out.resolve("samples-compose.npy")).shape()[0]);
        assertTrue(Files.readString(out.resolve("samples-compose-judged.json")).contains("absent"));
        assertEquals(before, listing(images), "the user's folder is unchanged");
    }

    @Test
    void interpolationGridHasOneRowPerPoint() throws Exception {
        Path out = dir.resolve("interp");
        Path a = images.resolve("circle").toFile().exists() ? Files.list(images.resolve("circle")).findFirst().orElseThrow()
                : Files.walk(images).filter(Files::isRegularFile).findFirst().orElseThrow();
        Path b = Files.walk(images).filter(Files::isRegularFile).filter(p -> !p.equals(a)).findFirst().orElseThrow();
        Result r = run("sample", ckpt.toString(), "--interpolate", a.toString(), b.toString(), "--points", "3",
                "--per-condition", "2", "--steps", "1", "--rounds", "1", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(6, NpyFile.read(out.resolve("samples-interpolate.npy")).shape()[0]);
        BufferedImage grid = ImageIO.read(out.resolve("samples-interpolate.png").toFile());
        assertEquals(2 * (3 * (32 + 2) + 2), grid.getHeight(), "3 rows");
        assertEquals(2 * (3 * (32 + 2) + 2), grid.getWidth(), "the blend, then 2 samples");
    }

    @Test
    void restoreInpaintsAndDenoisesWithAndWithoutTheLatent() throws Exception {
        List<String> before = listing(images);
        Path out = dir.resolve("restore");
        Result box = run("restore", ckpt.toString(), "--input", images.toString(), "--mask", "box", "--steps", "2",
                "--beta", "1", "--unguided", "--classifier", classes.toString(), "-o", out.toString());
        assertEquals(0, box.code(), box.err());
        for (String kind : List.of("input", "corrupted", "restored", "unguided (beta 0)")) {
            assertTrue(box.out().contains("\n" + kind + "\t"), box.out());
        }
        assertTrue(box.out().contains("classifier accuracy"), "class folders name the classifier's classes: " + box.out());
        assertEquals(6, NpyFile.read(out.resolve("restored.npy")).shape()[0]);
        assertEquals(6, NpyFile.read(out.resolve("restored-unguided.npy")).shape()[0]);
        assertEquals(6, NpyFile.read(out.resolve("restored-corrupted.npy")).shape()[0]);
        assertEquals(2 * (4 * (32 + 2) + 2), ImageIO.read(out.resolve("restored.png").toFile()).getWidth());
        Result noise = run("restore", ckpt.toString(), "--input", images.toString(), "--noise", "0.2", "--steps", "1",
                "--name", "denoised", "-o", out.toString());
        assertEquals(0, noise.code(), noise.err());
        assertTrue(noise.out().contains("PSNR"), noise.out());
        Path mask = dir.resolve("mask.png");
        BufferedImage m = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        m.getRaster().setSample(0, 0, 0, 255);
        ImageIO.write(m, "png", mask.toFile());
        Result file = run("restore", ckpt.toString(), "--input", images.toString(), "--mask", mask.toString(),
                "--steps", "1", "--name", "masked", "-o", out.toString());
        assertEquals(0, file.code(), file.err());
        assertEquals(before, listing(images), "the user's folder is unchanged");
    }

    @Test
    void mistakesAreOneLineErrors() throws Exception {
        String c = ckpt.toString();
        String o = dir.resolve("errors").toString();
        assertOneLineError(run("sample", c, "--mode", "compose", "--attributes", "red,-large=0.5", "-o", o),
                "'-large=0.5'");
        assertOneLineError(run("sample", c, "--mode", "compose", "--attributes", "red,large=x", "-o", o), "'large=x'");
        assertOneLineError(run("sample", c, "--mode", "compose", "--attributes", "red,-purple", "--steps", "1", "-o", o),
                "unknown attribute 'purple'");
        assertOneLineError(run("sample", c, "--like", images.toString(), "-o", images.resolve("out").toString()),
                "does not write into the folders it reads");
        assertOneLineError(run("sample", c, "--like", dir.resolve("nowhere").toString(), "-o", o), "nowhere");
        assertOneLineError(run("sample", c, "--like", images.toString(), "--mode", "classes", "-o", o), "--like");
        assertOneLineError(run("sample", c, "--mode", "classes", "--attributes", "red", "-o", o),
                "--attributes works with --mode compose or --like");
        Path a = Files.walk(images).filter(Files::isRegularFile).findFirst().orElseThrow();
        assertOneLineError(run("sample", c, "--interpolate", a.toString(), a.toString(), "--like", images.toString(),
                "-o", o), "--interpolate is a mode of its own");
        assertOneLineError(run("sample", c, "--interpolate", a.toString(), dir.resolve("none.png").toString(), "-o", o),
                "none.png");
        String stem = a.getFileName().toString().replace(".png", "");
        assertOneLineError(run("sample", c, "--interpolate", a.toString(), a.toString(), "--name", stem, "-o",
                a.getParent().toString()), "would overwrite an image of --interpolate");
        assertOneLineError(run("restore", c, "--input", images.toString(), "-o", o), "nothing to restore");
        assertOneLineError(run("restore", c, "--input", images.toString(), "--mask", "boxes", "-o", o), "'boxes'");
        assertOneLineError(run("restore", c, "--input", images.toString(), "--mask", "box", "--classifier",
                attributes.toString(), "-o", o), "predicts attributes");
        assertOneLineError(run("restore", c, "--input", images.toString(), "--mask", "box", "-o",
                images.resolve("circle").toString()), "does not write into the folders it reads");
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("x.png"), "not a png");
        assertOneLineError(run("restore", c, "--input", bad.toString(), "--noise", "0.1", "-o", o), "x.png");
        assertFalse(Files.exists(images.resolve("out")));
    }
}
