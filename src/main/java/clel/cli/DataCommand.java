package clel.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import clel.augment.AugmentationKind;
import clel.augment.Augmenter;
import clel.config.ConfigLoader;
import clel.config.DataConfig;
import clel.config.EnumKeys;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.data.sets.DataSetDefinition;
import clel.data.sets.DataSets;
import clel.data.source.DataSources;
import clel.io.ImageGrid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clel data}: look at a data set as the tool reads it. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Data set tools.",
        subcommands = {DataCommand.Inspect.class})
final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The names {@code clel data inspect} accepts, for its help: shapes and every registered data set. */
    static final class DataSetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>();
            names.add(ShapesDataset.NAME);
            names.addAll(DataSets.configNames());
            return names.iterator();
        }
    }

    /** {@code clel data inspect NAME ROOT}: counts per split and class, image size, mean/std and a PNG grid. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Read a data set (both splits) and print counts per split and class, image size and per-channel "
                    + "mean/std; write a grid of the first images as PNG.")
    static final class Inspect implements Callable<Integer> {
        private static final int ROWS = 8;
        private static final int VIEWS = 7;

        @Parameters(index = "0", paramLabel = "NAME", completionCandidates = DataSetNames.class,
                description = "${COMPLETION-CANDIDATES}")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "ROOT", description = "the data set's files (not needed for shapes)")
        String root;

        @Option(names = "--size", defaultValue = "32", description = "image size for folders and CelebA (default: ${DEFAULT-VALUE})")
        int size;

        @Option(names = "--grid", description = "PNG grid to write (default: NAME-grid.png)")
        Path grid;

        @Option(names = "--skip-bad-images", description = "folders: skip undecodable images with a warning")
        boolean skipBadImages;

        @Option(names = "--download", description = "fetch missing files from the publisher and verify their checksums")
        boolean download;

        @Option(names = "--augment", paramLabel = "KIND", description = "instead of the first images: the views an "
                + "augmentation makes of them (strong: the encoder's SimCLR views, weak, none); each row is one image, "
                + "then " + VIEWS + " views of it, with the augmentation settings of --preset")
        String augment;

        @Option(names = "--preset", defaultValue = "tiny", paramLabel = "PRESET|FILE",
                description = "with --augment: the preset or YAML file whose augment.* settings to use (default: ${DEFAULT-VALUE})")
        String preset;

        @Option(names = "--seed", defaultValue = "0", description = "with --augment: the seed of the views (default: ${DEFAULT-VALUE})")
        int seed;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            DataConfig cfg = new DataConfig(name, root == null ? "" : root, 20000, 2000, 2, skipBadImages, download);
            ImageSet first = null;
            boolean bothSplits = DataSets.find(name).map(DataSetDefinition::hasTrainAndTestSplits).orElse(true);
            for (boolean train : new boolean[] {true, false}) {
                if (!train && !bothSplits) {
                    continue;
                }
                long t0 = System.nanoTime();
                DataSources.Loaded loaded = Activity.loadData(cfg, train, size);
                ImageSet s = loaded.images();
                double secs = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "%s %s: %d images of %dx%dx%d (C x H x W), %d classes, read in %.1f s (%.0f images/s)%n",
                        s.name(), train ? "train" : "test", s.count(), s.channels(), s.height(), s.width(),
                        s.classNames().size(), secs, s.count() / secs);
                loaded.warnings().forEach(w -> out.println("  warning: " + w));
                int[] perClass = new int[s.classNames().size()];
                for (int i = 0; i < s.count(); i++) {
                    perClass[s.label(i)]++;
                }
                StringBuilder b = new StringBuilder("  per class:");
                for (int c = 0; c < perClass.length && c < 100; c++) {
                    b.append(' ').append(s.classNames().get(c)).append('=').append(perClass[c]);
                }
                out.println(b);
                out.printf(Locale.ROOT, "  mean %s  std %s%n", Arrays.toString(s.mean()), Arrays.toString(s.std()));
                if (!s.attributeNames().isEmpty()) {
                    out.println("  attributes: " + String.join(", ", s.attributeNames()));
                }
                if (first == null) {
                    first = s;
                }
            }
            Path g = grid != null ? grid : Path.of(name.toLowerCase() + (augment == null ? "" : "-" + augment) + "-grid.png");
            if (augment == null) {
                int n = Math.min(64, first.count());
                float[] px = clel.data.BatchSampler.pixels(first, IntStream.range(0, n).toArray());
                ImageGrid.writePng(ImageGrid.tile(px, n, first.channels(), first.height(), first.width(), 8, 2, 2), g);
            } else {
                writeViews(first, g);
            }
            out.println("wrote " + g);
            out.flush();
            return 0;
        }

        /** Rows of one image and {@value #VIEWS} views of it by the --augment augmentation. */
        private void writeViews(ImageSet set, Path file) throws IOException {
            AugmentationKind kind = EnumKeys.parse(AugmentationKind.class, augment, "--augment");
            Augmenter augmenter = ConfigLoader.load(preset, List.of()).augment().augmenter(kind);
            int rows = Math.min(ROWS, set.count());
            int[] index = new int[rows * (VIEWS + 1)];
            for (int i = 0; i < index.length; i++) {
                index[i] = i / (VIEWS + 1);
            }
            Shape shape = new Shape(index.length, set.channels(), set.height(), set.width());
            try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) { // a preview of a few images
                Engine.getInstance().setRandomSeed(seed);
                NDArray x = m.create(clel.data.BatchSampler.pixels(set, index), shape);
                NDArray views = augmenter.apply(x);
                // column 0 of every row keeps the image itself
                NDArray originals = x.get(new NDIndex("::{}", VIEWS + 1));
                views.set(new NDIndex("::{}", VIEWS + 1), originals);
                ImageGrid.writePng(ImageGrid.tile(views, VIEWS + 1, 2, 2), file);
            }
        }
    }
}
