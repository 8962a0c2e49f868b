package clel.cli;

import ai.djl.Device;
import clel.augment.AugmentationKind;
import clel.classifier.ClassifierConfig;
import clel.classifier.ClassifierEvaluation;
import clel.classifier.ClassifierTarget;
import clel.classifier.ClassifierTrainer;
import clel.classifier.TrainedClassifier;
import clel.config.DataConfig;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.data.source.DataSources;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clel classifier train|eval}: the external classifier that scores generated images (the confusion matrix
 * of class-conditional samples, paper Fig. 3c; the attribute accuracy of compositional samples, Fig. 4b) and
 * provides the features of the project's own FID-style score.
 */
@Command(name = "classifier", mixinStandardHelpOptions = true,
        description = {"Train or evaluate the external classifier used to score generated images "
                + "(class confusion, attribute accuracy, features for FID-style scores)."},
        subcommands = {ClassifierCommand.Train.class, ClassifierCommand.Eval.class})
public final class ClassifierCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: train or eval");
    }

    /** {@code clel classifier train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a classifier on a data set's classes (or, with --attributes, its binary attributes), "
                    + "print its held-out accuracy and write the classifier file.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--data", defaultValue = ShapesDataset.NAME,
                description = "data set: shapes (built in) or a benchmark name (default: ${DEFAULT-VALUE})")
        String data;

        @Option(names = "--root", description = "where the data set's files are (not needed for shapes)")
        String root;

        @Option(names = "--attributes", description = "predict the binary attributes (sigmoid + binary cross-entropy) "
                + "instead of the class")
        boolean attributes;

        @Option(names = "--iterations", description = "training iterations (default: "
                + ClassifierConfig.DEFAULT_ITERATIONS + ")")
        Integer iterations;

        @Option(names = {"-o", "--output"}, defaultValue = "classifier.clf",
                description = "classifier file to write (default: ${DEFAULT-VALUE})")
        Path output;

        @Option(names = "--width", description = "first-stage channels w; features have 4w entries (default: "
                + ClassifierConfig.DEFAULT_WIDTH + ")")
        Integer width;

        @Option(names = "--batch-size", description = "images per iteration (default: "
                + ClassifierConfig.DEFAULT_BATCH_SIZE + ")")
        Integer batchSize;

        @Option(names = "--lr", description = "peak learning rate, cosine-annealed (default: "
                + ClassifierConfig.DEFAULT_LR + ")")
        Double lr;

        @Option(names = "--augmentation", description = "weak (random crop + flip) or none (default: weak for classes, "
                + "none for attributes)")
        String augmentation;

        @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--train-size", defaultValue = "20000",
                description = "shapes: training images generated (default: ${DEFAULT-VALUE})")
        int trainSize;

        @Option(names = "--test-size", defaultValue = "2000",
                description = "shapes: held-out images generated (default: ${DEFAULT-VALUE})")
        int testSize;

        @Option(names = "--image-size", defaultValue = "32",
                description = "side of the images for readers that resize (CelebA, folders) (default: ${DEFAULT-VALUE})")
        int imageSize;

        @Option(names = "--log-every", defaultValue = "100",
                description = "print the training loss every N iterations, 0 for never (default: ${DEFAULT-VALUE})")
        int logEvery;

        @Mixin
        DeviceOption device = new DeviceOption();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Device dev = device.device();
            PrintWriter out = spec.commandLine().getOut();
            ClassifierTarget target = attributes ? ClassifierTarget.ATTRIBUTES : ClassifierTarget.CLASSES;
            ClassifierConfig.Builder b = ClassifierConfig.builder(target).seed(seed);
            if (iterations != null) {
                b.iterations(iterations);
            }
            if (width != null) {
                b.width(width);
            }
            if (batchSize != null) {
                b.batchSize(batchSize);
            }
            if (lr != null) {
                b.lr(lr);
            }
            if (augmentation != null) {
                b.augmentation(AugmentationKind.fromName(augmentation));
            }
            ClassifierConfig config = b.build();
            if (logEvery < 0) {
                throw new IllegalArgumentException("--log-every must be >= 0, got " + logEvery);
            }
            DataConfig dc = dataConfig(data, root, trainSize, testSize);
            ImageSet train = load(dc, true, imageSize, out);
            ImageSet heldOut = load(dc, false, imageSize, out);
            out.printf(Locale.ROOT, "data %s: %,d training and %,d held-out images of %dx%dx%d; predicting %s %s%n",
                    data, train.count(), heldOut.count(), train.channels(), train.height(), train.width(),
                    target.configName(), target.outputNames(train));
            out.flush();
            long t0 = System.nanoTime();
            TrainedClassifier classifier;
            try {
                classifier = ClassifierTrainer.train(config, train, data, (it, total, loss, rate) -> {
                    if (logEvery > 0 && (it % logEvery == 0 || it == total)) {
                        out.printf(Locale.ROOT, "iteration %d/%d  loss %.4f  lr %.4f  %.1f s%n", it, total, loss, rate,
                                (System.nanoTime() - t0) / 1e9);
                        out.flush();
                    }
                }, dev);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            try (classifier) {
                out.printf(Locale.ROOT, "trained %d iterations in %.1f s%n", config.iterations(),
                        (System.nanoTime() - t0) / 1e9);
                ClassifierEvaluation e = classifier.evaluate(heldOut);
                printEvaluation(out, e, false);
                classifier.save(output);
                out.printf("wrote %s%n", output);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code clel classifier eval}. */
    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Evaluate a classifier file on the held-out split of the data set it was trained on: "
                    + "accuracy and confusion matrix (or per-attribute accuracy).")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "classifier file written by 'classifier train'")
        Path model;

        @Option(names = "--data", description = "data set to evaluate on (default: the one the classifier was trained on)")
        String data;

        @Option(names = "--root", description = "where the data set's files are (not needed for shapes)")
        String root;

        @Option(names = "--test-size", defaultValue = "2000",
                description = "shapes: held-out images generated (default: ${DEFAULT-VALUE})")
        int testSize;

        @Mixin
        DeviceOption device = new DeviceOption();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Device dev = device.device();
            PrintWriter out = spec.commandLine().getOut();
            try (TrainedClassifier classifier = TrainedClassifier.load(model, dev)) {
                String name = data != null ? data : classifier.metadata().dataName();
                ImageSet heldOut = load(dataConfig(name, root, 1, testSize), false, classifier.metadata().height(), out);
                out.printf(Locale.ROOT, "classifier %s (%s of %s, width %d, %d iterations) on %,d held-out images of %s%n",
                        model, classifier.target().configName(), classifier.metadata().dataName(),
                        classifier.config().width(), classifier.config().iterations(), heldOut.count(), name);
                printEvaluation(out, classifier.evaluate(heldOut), true);
            }
            out.flush();
            return 0;
        }
    }

    private static DataConfig dataConfig(String name, String root, int trainSize, int testSize) {
        if (trainSize <= 0 || testSize <= 0) {
            throw new IllegalArgumentException("--train-size and --test-size must be positive, got " + trainSize
                    + " and " + testSize);
        }
        return new DataConfig(name, root, trainSize, testSize, 2, false, false);
    }

    private static ImageSet load(DataConfig config, boolean train, int imageSize, PrintWriter out) throws IOException {
        DataSources.Loaded loaded = Activity.loadData(config, train, imageSize);
        for (String w : loaded.warnings()) {
            out.println("warning: " + w);
        }
        return loaded.images();
    }

    private static void printEvaluation(PrintWriter out, ClassifierEvaluation e, boolean confusion) {
        List<String> names = e.outputNames();
        double[] acc = e.outputAccuracy();
        if (e.target() == ClassifierTarget.CLASSES) {
            out.printf(Locale.ROOT, "held-out accuracy: %.2f%% (%,d images)%n", 100 * e.accuracy(), e.count());
            out.println("per-class accuracy (recall):");
        } else {
            out.printf(Locale.ROOT, "held-out attribute accuracy (mean over %d attributes): %.2f%% (%,d images)%n",
                    names.size(), 100 * e.accuracy(), e.count());
            out.println("per-attribute accuracy:");
        }
        for (int i = 0; i < names.size(); i++) {
            out.printf(Locale.ROOT, "  %-20s %7.2f%%%n", names.get(i), 100 * acc[i]);
        }
        if (confusion && e.target() == ClassifierTarget.CLASSES) {
            printConfusion(out, e.confusion(), names);
        }
    }

    private static void printConfusion(PrintWriter out, long[][] m, List<String> names) {
        int cell = 6;
        for (long[] row : m) {
            for (long v : row) {
                cell = Math.max(cell, String.valueOf(v).length() + 1);
            }
        }
        int label = 4;
        for (String n : names) {
            label = Math.max(label, Math.min(n.length(), 20));
        }
        out.println("confusion matrix (rows: true class, columns: predicted class, in the order above):");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-" + label + "s", ""));
        for (int j = 0; j < m.length; j++) {
            header.append(String.format(Locale.ROOT, "%" + cell + "d", j));
        }
        out.println(header);
        for (int i = 0; i < m.length; i++) {
            String n = names.get(i);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + label + "s",
                    n.length() > 20 ? n.substring(0, 20) : n));
            for (long v : m[i]) {
                row.append(String.format(Locale.ROOT, "%" + cell + "d", v));
            }
            out.println(row.append(String.format(Locale.ROOT, "   (%d)", i)));
        }
    }
}
