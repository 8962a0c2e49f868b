package clel.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.classifier.ClassifierTarget;
import clel.classifier.TrainedClassifier;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.data.format.ExampleImages;
import clel.evaluation.NpyFile;
import clel.io.ImageGrid;
import clel.io.UserPaths;
import clel.model.TrainedModel;
import clel.nn.GraphSafe;
import clel.sampling.Corruption;
import clel.sampling.ImageBytes;
import clel.sampling.Masks;
import clel.sampling.Restorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clel restore}: inpainting and denoising of the user's images by SGLD on the joint energy E(x, z) of eq. (10),
 * z the encoder's latent of the corrupted image ({@link Restorer}, {@link Corruption}); optionally also unguided
 * (beta 0) for comparison, and judged by PSNR and an external classifier ({@link RestoreReport}).
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Inpaint (--mask) or denoise (--noise) your images with SGLD guided by the latent of their visible "
                + "part; writes NAME.png (rows: input | corrupted | restored [| unguided]), NAME.npy (restored, uint8, "
                + "N x H x W x C), NAME-corrupted.npy [and NAME-unguided.npy] and NAME.json (PSNR, classifier).")
final class RestoreCommand implements Callable<Integer> {
    /** The most images one restore reads from its input folder. */
    static final int MAX_IMAGES = 10_000;
    /** Rows of the grid picture (all images are in the .npy files). */
    static final int GRID_ROWS = 64;

    @Mixin
    ModelOptions model;

    @Option(names = "--input", required = true, paramLabel = "FOLDER",
            description = "your images: a folder or .zip of PNG/JPEG at any depth (read only; class sub-folders give labels)")
    Path input;

    @Option(names = "--mask", defaultValue = "none", paramLabel = "none|box|random|FILE",
            description = "missing pixels: none, box (the central square, a quarter of the image), random (each pixel "
                    + "with probability --missing), or a mask image FILE (white = missing) (default: ${DEFAULT-VALUE})")
    String mask;

    @Option(names = "--missing", defaultValue = "0.5", description = "--mask random: probability that a pixel is "
            + "missing (default: ${DEFAULT-VALUE})")
    double missing;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "SIGMA", description = "std of the Gaussian noise "
            + "added to the pixels in [0, 1] (denoising); with noise every pixel is restored (default: ${DEFAULT-VALUE})")
    float noise;

    @Option(names = "--steps", defaultValue = "40", description = "SGLD steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--beta", description = "beta of the latent term (default: loss.beta of the run)")
    Float beta;

    @Option(names = "--refresh", defaultValue = "0", paramLabel = "K", description = "recompute z from the current "
            + "restoration every K SGLD steps; 0 keeps z of the corrupted image (default: ${DEFAULT-VALUE})")
    int refresh;

    @Option(names = "--unguided", description = "also restore without the latent term (beta 0), for comparison")
    boolean unguided;

    @Option(names = "--batch", defaultValue = "64", description = "images restored at once (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the noise, masks and SGLD (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--classifier", description = "external classifier (clel classifier train) of the images' classes: "
            + "its accuracy on the input, corrupted and restored images")
    Path classifier;

    @Option(names = "--name", defaultValue = "restored", description = "output file name without extension "
            + "(default: ${DEFAULT-VALUE})")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ai.djl.Device device = model.device.device();
        if (steps <= 0 || batch <= 0 || refresh < 0) {
            throw new IllegalArgumentException("--steps and --batch must be positive, --refresh >= 0");
        }
        if (!(noise >= 0) || !Float.isFinite(noise) || noise > 1) {
            throw new IllegalArgumentException("--noise must be within 0..1, got " + noise);
        }
        Path maskFile = maskFile();
        if (maskFile == null && mask.equals("none") && noise == 0) {
            throw new IllegalArgumentException("nothing to restore: give --mask box|random|FILE and/or --noise SIGMA > 0");
        }
        if (beta != null && !(beta >= 0)) {
            throw new IllegalArgumentException("--beta must be >= 0, got " + beta);
        }
        Path dir = model.outputDir();
        UserPaths.requireOutside(dir, input, "your images, --input");
        for (String ext : List.of(".png", ".npy", "-corrupted.npy", "-unguided.npy", ".json")) {
            if (maskFile != null) {
                UserPaths.requireNotSameFile(dir.resolve(name + ext), maskFile, "the mask, --mask");
            }
        }
        PrintWriter pw = spec.commandLine().getOut();
        try (TrainedClassifier judge = classifier == null ? null : loadJudge(device);
             TrainedModel m = model.load(); NDManager scope = m.manager().newSubManager()) {
            Shape img = m.imageShape();
            int c = (int) img.get(0);
            int size = (int) img.get(1);
            ImageSet images = Activity.reading("your images " + input,
                    () -> ExampleImages.readFolder(input, c, size, MAX_IMAGES));
            NDArray fixedMask = maskFile == null ? null : Masks.fromImage(scope,
                    Activity.reading("mask " + maskFile, () -> ExampleImages.readFiles(List.of(maskFile), 1, size)));
            float b = beta != null ? beta : (float) m.config().loss().beta();
            Restorer restorer = Restorer.of(m, steps, refresh);
            int n = images.count();
            NDList clean = new NDList();
            NDList corrupted = new NDList();
            NDList restored = new NDList();
            NDList plain = new NDList();
            long t0 = System.nanoTime();
            int batches = (n + batch - 1) / batch;
            try (SamplingProgress progress = new SamplingProgress((long) batches * steps * (unguided ? 2 : 1))) {
                for (int from = 0, k = 0; from < n; from += batch, k++) {
                    int[] idx = IntStream.range(from, Math.min(n, from + batch)).toArray();
                    NDArray x = GraphSafe.constant(scope, BatchSampler.pixels(images, idx),
                            new Shape(idx.length, c, size, size));
                    NDArray missingPixels = switch (mask) {
                        case "none" -> null;
                        case "box" -> Masks.box(scope, size, size);
                        case "random" -> Masks.random(scope, idx.length, size, size, missing, seed * 7919L + k);
                        default -> fixedMask;
                    };
                    Corruption corruption = Corruption.of(scope, x, missingPixels, noise, seed * 104729L + k);
                    NDArray z = b > 0 ? restorer.latents(scope, corruption) : null;
                    clean.add(x);
                    corrupted.add(corruption.corrupted());
                    restored.add(restorer.restore(scope, corruption, z, b, seed + k));
                    progress.advance(steps);
                    if (unguided) {
                        plain.add(restorer.restore(scope, corruption, null, 0f, seed + k));
                        progress.advance(steps);
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            NDArray xs = NDArrays.concat(clean, 0);
            NDArray cs = NDArrays.concat(corrupted, 0);
            NDArray rs = NDArrays.concat(restored, 0);
            NDArray us = unguided ? NDArrays.concat(plain, 0) : null;
            Files.createDirectories(dir);
            writeGrid(xs, cs, rs, us, dir.resolve(name + ".png"));
            writeNpy(rs, dir.resolve(name + ".npy"));
            writeNpy(cs, dir.resolve(name + "-corrupted.npy"));
            if (us != null) {
                writeNpy(us, dir.resolve(name + "-unguided.npy"));
            }
            String what = String.format(Locale.ROOT, "%d images of %s, mask %s%s, noise %s, %d SGLD steps, beta %s%s%s",
                    n, input, mask, mask.equals("random") ? " (" + missing + ")" : "", noise, steps, b,
                    refresh > 0 ? ", z refreshed every " + refresh + " steps" : "",
                    unguided ? " and unguided (beta 0)" : "");
            new RestoreReport(what, images, xs, cs, rs, us, judge, secs).write(dir.resolve(name + ".json"), name + ".png", pw);
            pw.printf(Locale.ROOT, "wrote %s, %s and %s%n", dir.resolve(name + ".png"), dir.resolve(name + ".npy"),
                    dir.resolve(name + ".json"));
        }
        pw.flush();
        return 0;
    }

    /** The mask image of --mask FILE, or null for none, box and random. */
    private Path maskFile() {
        if (List.of("none", "box", "random").contains(mask)) {
            if (mask.equals("random") && !(missing > 0 && missing < 1)) {
                throw new IllegalArgumentException("--missing must be in (0, 1), got " + missing);
            }
            return null;
        }
        Path f = Path.of(mask);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("--mask: '" + mask + "' is not none, box, random or an image file");
        }
        return f;
    }

    private TrainedClassifier loadJudge(ai.djl.Device device) throws IOException {
        UserPaths.requireRegularFile(classifier, "the classifier that judges the restorations, --classifier");
        TrainedClassifier c = Activity.reading("classifier " + classifier,
                () -> TrainedClassifier.load(classifier, device));
        if (c.target() != ClassifierTarget.CLASSES) {
            c.close();
            throw new IllegalArgumentException(classifier + ": predicts attributes; restore is judged by a classifier "
                    + "of classes (clel classifier train without --attributes)");
        }
        return c;
    }

    /** Rows input | corrupted | restored [| unguided], at most {@link #GRID_ROWS} of them. */
    private static void writeGrid(NDArray xs, NDArray cs, NDArray rs, NDArray us, Path png) throws IOException {
        int rows = (int) Math.min(GRID_ROWS, xs.getShape().get(0));
        String r = "0:" + rows;
        NDList columns = us == null ? new NDList(xs.get(r), cs.get(r), rs.get(r))
                : new NDList(xs.get(r), cs.get(r), rs.get(r), us.get(r));
        NDArray stacked = NDArrays.stack(columns, 1);
        Shape s = xs.getShape();
        NDArray tiles = stacked.reshape(new Shape(rows * columns.size(), s.get(1), s.get(2), s.get(3)));
        ImageGrid.writePng(ImageGrid.tile(tiles, columns.size(), 2, 2), png);
    }

    private static void writeNpy(NDArray images, Path file) throws IOException {
        Shape sh = images.getShape();
        NpyFile.writeUint8(file, ImageBytes.toNhwc(images.toFloatArray(), (int) sh.get(0), (int) sh.get(1),
                (int) sh.get(2), (int) sh.get(3)), (int) sh.get(0), (int) sh.get(2), (int) sh.get(3), (int) sh.get(1));
    }
}
