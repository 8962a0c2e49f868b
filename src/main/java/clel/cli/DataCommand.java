package clel.cli;

import clel.config.DataConfig;
import clel.data.source.DataSources;
import clel.data.ImageSet;
import clel.data.sets.DataSetDefinition;
import clel.data.sets.DataSets;
import clel.data.ShapesDataset;
import clel.io.ImageGrid;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
        public java.util.Iterator<String> iterator() {
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
                DataSources.Loaded loaded = DataSources.loadWithWarnings(cfg, train, size);
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
                out.printf(Locale.ROOT, "  mean %s  std %s%n", java.util.Arrays.toString(s.mean()), java.util.Arrays.toString(s.std()));
                if (!s.attributeNames().isEmpty()) {
                    out.println("  attributes: " + String.join(", ", s.attributeNames()));
                }
                if (first == null) {
                    first = s;
                }
            }
            int n = Math.min(64, first.count());
            float[] px = new float[n * first.imageBytes()];
            for (int i = 0; i < px.length; i++) {
                px[i] = (first.pixels()[i] & 0xff) / 255f;
            }
            Path g = grid != null ? grid : Path.of(name.toLowerCase() + "-grid.png");
            ImageGrid.writePng(ImageGrid.tile(px, n, first.channels(), first.height(), first.width(), 8, 2, 2), g);
            out.println("wrote " + g);
            out.flush();
            return 0;
        }
    }
}
