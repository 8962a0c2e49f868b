package clel.examples;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.data.source.DataSources;
import clel.io.ImageGrid;
import clel.model.TrainedModel;
import clel.sampling.ConditionLatents;
import clel.sampling.ConditionalSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Example 2: samples from a trained model with a condition (paper Section 4.3) and writes the samples as PNG grids:
 * class-conditional, SGLD on E(x, zbar) (eq. 10) with zbar the normalized sum of a class's latents, one row per class;
 * and compositional, SGLD on eq. (15) with the directions of two attributes, "red" and "large".
 *
 * <p>Usage: {@code SampleWithCondition CHECKPOINT [OUTPUT_FOLDER [STEPS]]} (default output
 * {@code runs/samples-java}, default 200 SGLD steps); the model must have been trained on the built-in shapes, whose
 * labels and attributes give the conditions.
 */
public final class SampleWithCondition {
    /** Weight of the latent term of eq. (10) and (15): 1, as the {@code capabilities} experiment samples. */
    private static final float BETA = 1f;
    /** Samples per class and of the composition. */
    private static final int PER_CONDITION = 8;
    /** Labelled images whose latents are aggregated into each zbar. */
    private static final int LATENT_IMAGES = 100;

    private SampleWithCondition() {
    }

    /**
     * Samples and writes {@code classes.png} and {@code red+large.png}.
     *
     * @param args the checkpoint, then optionally the output folder and the number of SGLD steps
     * @throws Exception when the checkpoint cannot be read or a PNG cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        Path output = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "runs/samples-java"));
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 200;

        try (TrainedModel model = TrainedModel.load(checkpoint, true, Device.cpu())) {
            // SGLD from uniform noise: one round of `steps` steps, with the run's step size and noise.
            ConditionalSampler sampler = ConditionalSampler.of(model, steps, 1);
            // Labelled held-out images (the shapes' test split): their latents give the conditions.
            ImageSet labelled = ShapesDataset.test(1000, DataSources.SHAPES_SEED);

            // Sampling uses the model's networks directly: hold its lock, and keep the arrays in a scope that closes.
            synchronized (model.lock()) {
                try (NDManager scope = model.manager().newSubManager()) {
                    // Class-conditional: one zbar per class, PER_CONDITION chains each.
                    List<NDArray> rows = new ArrayList<>();
                    for (int c = 0; c < labelled.classNames().size(); c++) {
                        NDArray zbar = ConditionLatents.ofClass(scope, model, labelled, c, LATENT_IMAGES);
                        rows.add(sampler.conditional(scope, zbar, PER_CONDITION, BETA, c));
                    }
                    NDArray classes = NDArrays.concat(new NDList(rows), 0);
                    ImageGrid.writePng(ImageGrid.tile(classes, PER_CONDITION, 2, 2), output.resolve("classes.png"));

                    // Compositional (eq. 15): the directions of "red" and "large" together.
                    NDArray zbars = NDArrays.concat(new NDList(
                            ConditionLatents.ofAttribute(scope, model, labelled, "red", LATENT_IMAGES),
                            ConditionLatents.ofAttribute(scope, model, labelled, "large", LATENT_IMAGES)), 0);
                    NDArray composed = sampler.composed(scope, zbars, PER_CONDITION, BETA, 0);
                    ImageGrid.writePng(ImageGrid.tile(composed, PER_CONDITION, 2, 2), output.resolve("red+large.png"));

                    System.out.printf("%s: %d classes (%s) x %d samples%n", output.resolve("classes.png"),
                            rows.size(), String.join(", ", labelled.classNames()), PER_CONDITION);
                    System.out.printf("%s: %d samples%n", output.resolve("red+large.png"), composed.getShape().get(0));
                }
            }
        }
    }
}
