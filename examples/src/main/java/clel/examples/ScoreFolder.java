package clel.examples;

import ai.djl.Device;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.data.OodKind;
import clel.data.ShapesDataset;
import clel.io.ImageGrid;
import clel.model.ImageInput;
import clel.model.TrainedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Example 1: a service's view of a trained model. It loads a checkpoint once and scores every image of a folder
 * with the OOD score of eq. (14), s(x) = E(x) - beta g(f(x)/||f(x)||)^T h(x)/||h(x)|| (lower = more
 * in-distribution), from several threads at once, and checks that the scores equal those of one thread.
 *
 * <p>Usage: {@code ScoreFolder CHECKPOINT [IMAGE_FOLDER]}, e.g. {@code runs/tiny/last.ckpt}. Without a folder it
 * writes shapes images and noise images (the built-in data set) to a temporary one.
 */
public final class ScoreFolder {
    /** beta of eq. (14), as in the public code's example. */
    private static final float BETA = 0.1f;
    /** Images per call of {@link TrainedModel#oodScore(float[], float)}. */
    private static final int BATCH = 8;

    private ScoreFolder() {
    }

    /**
     * Scores the folder's images with one thread and with four, and fails unless both give the same scores.
     *
     * @param args the checkpoint, then optionally the image folder
     * @throws Exception when the checkpoint or an image cannot be read, or the scores differ
     */
    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        Path folder = args.length > 1 ? Path.of(args[1]) : writeExampleImages(Files.createTempDirectory("clel-images"));
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(ScoreFolder::isImage).sorted().toList();
        }

        // One model for the whole service: its methods are synchronized, so any thread may call them.
        try (TrainedModel model = TrainedModel.load(checkpoint, true, Device.cpu())) {
            // The images as the model's input, BATCH files at a time: (N, C, H, W) in [0, 1].
            List<float[]> batches = new ArrayList<>();
            for (int from = 0; from < files.size(); from += BATCH) {
                List<Path> batch = files.subList(from, Math.min(from + BATCH, files.size()));
                batches.add(ImageInput.read(batch, model.imageShape()));
            }

            // One thread scores the batches in turn.
            List<float[]> alone = new ArrayList<>();
            for (float[] images : batches) {
                alone.add(model.oodScore(images, BETA));
            }

            // Four threads score the same batches at once.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<float[]>> pending = new ArrayList<>();
            for (float[] images : batches) {
                pending.add(pool.submit(() -> model.oodScore(images, BETA)));
            }
            List<float[]> together = new ArrayList<>();
            for (Future<float[]> scores : pending) {
                together.add(scores.get());
            }
            pool.shutdown();

            for (int b = 0; b < batches.size(); b++) {
                if (!Arrays.equals(alone.get(b), together.get(b))) {
                    throw new IllegalStateException("batch " + b + ": four threads scored "
                            + Arrays.toString(together.get(b)) + ", one thread " + Arrays.toString(alone.get(b)));
                }
                for (int i = 0; i < alone.get(b).length; i++) {
                    Path file = files.get(b * BATCH + i);
                    System.out.printf(Locale.ROOT, "%-16s s(x) = %.5f%n", file.getFileName(), alone.get(b)[i]);
                }
            }
            System.out.println(files.size() + " images: the scores of four threads equal those of one");
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    /** Writes 16 shapes (in-distribution) and 8 noise images (out-of-distribution) as PNG files into {@code folder}. */
    private static Path writeExampleImages(Path folder) throws IOException {
        ImageSet shapes = ShapesDataset.test(16, 1);
        ImageSet noise = ShapesDataset.generateOutOfDistribution(8, 1, OodKind.NOISE);
        for (ImageSet set : List.of(shapes, noise)) {
            String prefix = set == shapes ? "shape" : "noise";
            for (int i = 0; i < set.count(); i++) {
                float[] pixels = BatchSampler.pixels(set, new int[] {i});
                BufferedImage image = ImageGrid.tile(pixels, 1, set.channels(), set.height(), set.width(), 1, 0);
                ImageGrid.writePng(image, folder.resolve(String.format(Locale.ROOT, "%s-%02d.png", prefix, i)));
            }
        }
        return folder;
    }
}
